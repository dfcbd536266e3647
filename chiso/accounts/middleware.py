"""The role a logged-in official acts as now (chosen in the unit switcher of the header)."""

from .models import Membership

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
