"""The unread badge of the header."""

from django.utils.functional import SimpleLazyObject

from .badge import unread_count


def unread(request):
    user = getattr(request, "user", None)

    def count():
        return unread_count(user) if user and user.is_authenticated else 0

    # Counted only when a page shows it (the navigation bar of a logged-in user), and kept in the cache (badge.py).
    return {"unread_notifications": SimpleLazyObject(count)}
