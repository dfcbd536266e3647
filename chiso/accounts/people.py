"""Who holds a role: the active users with an active membership of one of some roles in some agencies. Jobs and
services ask it whom to notify (the handlers of an agency, the standing body of a unit, its leaders)."""

from .models import User


def holding(roles, *, agencies=None, unit=None) -> list[User]:
    """The active users holding one of ``roles`` (active membership) in one of ``agencies`` (agencies or their ids)
    or in an agency of ``unit``; each once."""
    where = {"memberships__is_active": True, "memberships__role__in": list(roles)}
    if agencies is not None:
        where["memberships__agency__in"] = agencies
    if unit is not None:
        where["memberships__agency__unit"] = unit
    return list(User.objects.filter(is_active=True, **where).distinct())
