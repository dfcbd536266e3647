"""The role a logged-in official acts as now (chosen in the unit switcher of the header)."""

from . import usercache

SESSION_KEY = "chiso_membership_id"


def person_part(request) -> str:
    """What of the person's roles a cached page shows (``core.personcache``): the roles, the role acted as now
    (the unit switcher) and the directory's generation (agencies' and units' names)."""
    rows = usercache.memberships(request.user)
    roles = ",".join(f"{m.pk}:{m.role}:{m.agency_id}:{m.agency.is_active}" for m in rows)
    return f"{usercache.generation(request.user)}|{request.session.get(SESSION_KEY, '')}|{roles}"


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
            memberships = usercache.memberships(request.user)  # kept in the cache until they change
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
