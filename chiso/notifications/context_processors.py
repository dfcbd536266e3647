"""The unread badge of the header."""

from django.utils.functional import SimpleLazyObject

from .models import Notification


def unread(request):
    user = getattr(request, "user", None)

    def count():
        return Notification.objects.for_user(user).unread().count() if user and user.is_authenticated else 0

    # Counted only when a page shows it (the navigation bar of a logged-in user).
    return {"unread_notifications": SimpleLazyObject(count)}
