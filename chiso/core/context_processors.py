from django.conf import settings
from django.utils.functional import SimpleLazyObject


def _unread(user):
    from chiso.notifications.models import Notification

    return Notification.objects.for_user(user).unread().count()


def chiso(request):
    membership = getattr(request, "membership", None)
    current = membership.current if membership is not None and hasattr(membership, "current") else membership
    user = getattr(request, "user", None)
    return {
        "current_membership": current,
        "memberships": getattr(request, "memberships", []) if current is not None else [],
        "CHISO_DEBUG": settings.DEBUG,
        # Counted only when a page shows it (the navigation bar of a logged-in user).
        "unread_notifications": SimpleLazyObject(lambda: _unread(user) if user and user.is_authenticated else 0),
    }
