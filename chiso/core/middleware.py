"""Request middleware: the gate that refuses views without a policy, and the language."""

import logging

from django.core.exceptions import PermissionDenied

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
        from django.conf import settings
        from django.utils import translation
        from django.utils.cache import patch_vary_headers

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
