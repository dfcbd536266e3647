"""Authentication by username and password, with the username read the way the lock counts it."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .throttle import normalise_username


class UsernameBackend(ModelBackend):
    """Django's backend, after NFKC (``ｐck.leader`` is ``pck.leader``, as Django stores usernames) and, when no
    username matches exactly, a case-insensitive match that is unique (``PCK.Leader`` typed on a phone)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        username = normalise_username(username)
        users = get_user_model()._default_manager
        if not users.filter(username=username).exists():
            matches = list(users.filter(username__iexact=username).values_list("username", flat=True)[:2])
            if len(matches) == 1:
                username = matches[0]
        return super().authenticate(request, username=username, password=password, **kwargs)
