from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import navigation


def chiso(request):
    membership = getattr(request, "membership", None)
    current = membership.current if membership is not None and hasattr(membership, "current") else membership
    return {
        "current_membership": current,
        "memberships": getattr(request, "memberships", []) if current is not None else [],
        "CHISO_DEBUG": settings.DEBUG,
        "main_menu": SimpleLazyObject(lambda: navigation.menu(getattr(request, "user", None))),
    }
