"""Request middleware: the gate that refuses views without a policy, and the language."""

import logging
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject, empty

from .errors import DATABASE_ERRORS, database_unavailable, request_too_large
from .permissions import NotAuthenticated, declaration_of

logger = logging.getLogger(__name__)


class PolicyEnforcementMiddleware:
    """Deny by default: a view that declares no permission answers 403, whatever it would have done."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        declaration = declaration_of(view_func)
        if declaration is None:
            logger.error("View %s declares no permission; refused.", getattr(view_func, "__name__", view_func))
            raise PermissionDenied("undeclared view")
        if getattr(view_func, "cls", None) is not None:
            # Django REST framework views answer 401/403 in JSON through PolicyPermission.
            return None
        try:
            declaration.check(request)
        except NotAuthenticated as exc:
            return exc.response
        return None


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the user picked English (language cookie); the browser's Accept-Language is ignored.

    Officials' machines often run English-language browsers; the interface still speaks Vietnamese first
    (DESIGN §4), and the choice made with the language button is kept in the cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


# Views whose answers carry a citizen's own data without a login (the tracking page and its API twin).
PERSONAL_PUBLIC_VIEWS = {
    "citizens:public_feedback",
    "citizens:public_feedback_rate",
    "citizens:public_feedback_confirm",
    "public-feedback-detail",
}


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every answer (``settings.CHISO_CSP``), and ``Cache-Control: private, no-store``
    on answers with personal data: every page of a logged-in official, every token-authenticated API answer
    and the citizen's tracking page.

    ``request.csp_nonce`` is a nonce for an inline ``<script nonce="…">``; when a template uses it, it is
    added to ``script-src`` of that answer only.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):

        request.csp_nonce = SimpleLazyObject(lambda: secrets.token_urlsafe(18))
        response = self.get_response(request)
        policy = settings.CHISO_CSP
        if policy and "Content-Security-Policy" not in response:
            if request.csp_nonce._wrapped is not empty:
                policy = _with_nonce(policy, str(request.csp_nonce))
            response["Content-Security-Policy"] = policy
        if _is_personal(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _with_nonce(policy: str, nonce: str) -> str:
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    names = [d.split()[0] for d in directives]
    source = f"'nonce-{nonce}'"
    if "script-src" in names:
        i = names.index("script-src")
        directives[i] = f"{directives[i]} {source}"
    else:
        directives.append(f"script-src 'self' {source}")
    return "; ".join(directives)


def _is_personal(request) -> bool:
    if "HTTP_AUTHORIZATION" in request.META:
        return True
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name in PERSONAL_PUBLIC_VIEWS:
        return True

    user = getattr(request, "user", None)
    try:
        return bool(user is not None and user.is_authenticated)
    except DATABASE_ERRORS:  # the session cannot be read: the answer is the 503 page, and not to be stored
        return True


class RequestSizeLimitMiddleware:
    """Refuses a request body larger than ``settings.CHISO_MAX_REQUEST_BYTES`` with 413, before anything reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):

        limit = settings.CHISO_MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit and length > limit:
            return request_too_large(request, limit)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers 503 with ``Retry-After``, not 500. (Failures outside views,
    e.g. loading the session, reach ``chiso.core.errors.server_error``, which answers the same.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):

        if isinstance(exception, DATABASE_ERRORS):
            logger.error("Database unavailable at %s: %s", request.path, exception, exc_info=exception)
            return database_unavailable(request)
        return None
