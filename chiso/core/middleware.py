"""Request middleware: the acting membership, and the gate that refuses views without a policy."""

import logging

from django.core.exceptions import PermissionDenied

from .permissions import NotAuthenticated, declaration_of

logger = logging.getLogger(__name__)

SESSION_KEY = "chiso_membership_id"


class CurrentMembershipMiddleware:
    """Sets ``request.membership``: the role the user acts as now (chosen in the unit switcher)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.memberships = []
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Lazily evaluated: pages that never show the switcher pay nothing.
            request.membership = _LazyMembership(request)
        return self.get_response(request)


class _LazyMembership:
    def __init__(self, request):
        self._request = request
        self._value = None
        self._loaded = False

    def _load(self):
        if not self._loaded:
            from chiso.accounts.models import Membership

            request = self._request
            memberships = list(
                Membership.objects.filter(user=request.user, is_active=True)
                .select_related("agency__unit")
                .order_by("agency__unit__depth", "agency__name")
            )
            request.memberships = memberships
            wanted = request.session.get(SESSION_KEY)
            chosen = next((m for m in memberships if m.pk == wanted), memberships[0] if memberships else None)
            self._value = chosen
            self._loaded = True
        return self._value

    def __bool__(self):
        return self._load() is not None

    def __getattr__(self, name):
        value = self._load()
        if value is None:
            raise AttributeError(name)
        return getattr(value, name)

    @property
    def current(self):
        return self._load()


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
