"""The versions the feedback inbox, cached per person (``core.personcache``), depends on, and what bumps them.

An official sees the feedback of their units and the units below, and what was routed to their agencies.
``feedback:<unit path>`` is bumped, when an item is saved or deleted, for its unit and every unit above it, and
``feedback-agency:<id>`` for the agency it is routed to; the inbox of a person names the versions of each unit and
agency they hold a role in. The "no one handles it"
tab also depends on everyone's roles: the inbox names ``memberships`` too (bumped by ``accounts``).
"""

from __future__ import annotations

from chiso.accounts.models import Membership, User
from chiso.core import personcache
from chiso.units.models import AdministrativeUnit, Agency, UnitSuccession

from . import decisions
from .models import Feedback, RoutingRule


def _prefixes(path: str) -> list[str]:
    parts = path.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def inbox_names(user_memberships) -> list[str]:
    paths = sorted({m.agency.unit.path for m in user_memberships})
    agencies = sorted({m.agency_id for m in user_memberships})
    return [*(f"feedback:{path}" for path in paths), *(f"feedback-agency:{pk}" for pk in agencies), "memberships"]


def _feedback_saved(instance, **_kwargs):
    # The unit as the service holds it (no query when loaded) and every unit above it; the agency it is routed to.
    names = [f"feedback:{prefix}" for prefix in _prefixes(instance.unit.path)] if instance.unit_id else []
    personcache.bump(*names, f"feedback-agency:{instance.agency_id}" if instance.agency_id else "")


def connect() -> None:
    """Wire the bumps (``CitizensConfig.ready``): the inbox's, and the stored intake and routing decisions'."""
    personcache.watch(Feedback, _feedback_saved, "citizens")
    for model in (Membership, Agency, AdministrativeUnit, UnitSuccession, RoutingRule):
        personcache.watch(model, decisions.changed, "citizens-routing")
    personcache.watch(User, decisions.user_changed, "citizens-routing")
