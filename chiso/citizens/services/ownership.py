"""Every item has someone answerable: the unit that takes feedback, the agencies that may own it, the daily check.

* A unit **takes feedback** when it is set up: at least one active agency of the unit (in practice its People's
  Committee or a commune post under it) has an active member in an acting role (coordinator, officer, leader).
  A legacy unit (abolished on 1/7/2025) takes nothing itself: its feedback goes to its primary successor.
* A unit that is not set up either refuses feedback, pointing to the nearest set-up unit above it, or files it
  there, per ``CHISO_FEEDBACK_UNSET_UNITS`` (``"forward"``, the default, or ``"refuse"``).
* An agency **can own** an item when it is active and has an active member in an acting role: routing skips the
  others, transfers refuse them, and :func:`escalate_unowned` (the daily job) hands the items of an agency that lost
  its last member to the coordinators' agency of the nearest set-up unit above.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from chiso.accounts.models import Membership
from chiso.core.permissions import ACTING_ROLES, COORDINATOR
from chiso.core.services import transition
from chiso.units.models import AdministrativeUnit, Agency

from .. import decisions
from ..models import Feedback

FORWARD, REFUSE = "forward", "refuse"


def unset_units_policy() -> str:
    value = getattr(settings, "CHISO_FEEDBACK_UNSET_UNITS", FORWARD)
    return REFUSE if value == REFUSE else FORWARD


def _active_members(roles=ACTING_ROLES, ref="pk"):
    return Membership.objects.filter(agency=OuterRef(ref), is_active=True, user__is_active=True, role__in=sorted(roles))


def staffed(agencies, roles=ACTING_ROLES):
    """The active agencies among ``agencies`` with at least one active member in one of ``roles``."""
    return agencies.filter(is_active=True).filter(Exists(_active_members(roles)))


def is_staffed(agency) -> bool:
    return agency is not None and staffed(Agency.objects.filter(pk=agency.pk)).exists()


def set_up_units(units):
    """The units among ``units`` whose portal is set up (an agency of the unit with active staff)."""
    return units.filter(Exists(staffed(Agency.objects.filter(unit=OuterRef("pk")))))


def is_set_up(unit) -> bool:
    return set_up_units(AdministrativeUnit.objects.filter(pk=unit.pk)).exists()


def successor(unit):
    """The current unit a legacy unit's affairs passed to (its primary successor), or None."""
    if unit.era != AdministrativeUnit.Era.LEGACY:
        return None
    links = unit.succession_to.select_related("successor__parent").order_by("-is_primary", "successor__path")
    link = links.first()
    return link.successor if link else None


def nearest_set_up_above(unit):
    """The nearest unit above ``unit`` (parent first) whose portal is set up, or None."""
    above = {u.pk: u for u in set_up_units(AdministrativeUnit.objects.filter(pk__in=[a.pk for a in unit.ancestors()]))}
    for ancestor in reversed(unit.ancestors()):
        if ancestor.pk in above:
            return ancestor
    return None


@dataclass(frozen=True)
class Intake:
    """Where feedback addressed to ``asked`` goes: ``unit`` (None when refused), and why."""

    asked: AdministrativeUnit
    unit: AdministrativeUnit | None
    successor: AdministrativeUnit | None = None  # the asked unit was merged into this one
    forwarded: bool = False  # ``unit`` is a unit above, the one asked (or its successor) not being set up
    pointer: AdministrativeUnit | None = None  # when refused: the nearest set-up unit above, to write to instead

    @property
    def refused(self) -> bool:
        return self.unit is None


def intake_for(unit) -> Intake:
    """Which unit takes feedback addressed to ``unit`` (see the module's rules), kept between changes."""
    return decisions.remembered("intake", [unit.pk], lambda: _intake_for(unit))


def _intake_for(unit) -> Intake:
    after = successor(unit)
    target = after or unit
    if is_set_up(target):
        return Intake(asked=unit, unit=target, successor=after)
    above = nearest_set_up_above(target)
    if above is not None and unset_units_policy() == FORWARD:
        return Intake(asked=unit, unit=above, successor=after, forwarded=True)
    return Intake(asked=unit, unit=None, successor=after, pointer=above)


def refusal(intake: Intake) -> ValidationError:
    """The citizen's message when a unit takes no feedback: where to write instead, when there is such a unit."""
    name = (intake.successor or intake.asked).name
    if intake.pointer is not None:
        message = _(
            "%(unit)s does not receive feedback in the system yet. Please send it to %(above)s, which is responsible "
            "for it."
        ) % {"unit": name, "above": intake.pointer.name}
    else:
        message = _(
            "%(unit)s does not receive feedback in the system yet, and no unit above it does. Please contact the "
            "People's Committee directly."
        ) % {"unit": name}
    return ValidationError(message, code="not_set_up")


# --- the daily check: items whose owner has nobody left --------------------------------------------------------------
def unowned(items=None):
    """Open items with no agency, or whose agency is inactive or has no active member in an acting role."""
    items = Feedback.objects.open() if items is None else items
    owned = Exists(_active_members(ref="agency"))
    return items.filter(Q(agency__isnull=True) | Q(agency__is_active=False) | ~owned)


def coordinators_above(unit):
    """The agency of the nearest unit at or above ``unit`` with an active coordinator, or None."""
    units = [*unit.ancestors(), unit]
    agencies = staffed(Agency.objects.filter(unit__in=units), roles={COORDINATOR}).select_related("unit")
    by_unit = {}
    for agency in agencies.order_by("name"):
        by_unit.setdefault(agency.unit_id, agency)
    for candidate in reversed(units):
        if candidate.pk in by_unit:
            return by_unit[candidate.pk]
    return None


def escalate_unowned(*, on=None) -> list[Feedback]:
    """Hand each item without an answerable owner to the coordinators above it (audited as an escalation).

    The coordinators' agency of the nearest unit above the owner's (or, for an item with no agency, above the
    item's unit) takes it; an item with nobody above stays listed (the administrator sees it on the check's page).
    """
    moved = []
    for item in unowned().select_related("unit", "agency__unit").order_by("id"):
        start = item.agency.unit if item.agency_id else item.unit
        target = coordinators_above(start)
        if target is None or target.pk == item.agency_id:
            continue
        with (
            transaction.atomic(),
            transition(item, actor=None, event="feedback.escalated", fields=["agency"]) as t,
        ):
            previous = t.obj.agency
            t.obj.agency = target
            t.data.update(agency=target.pk, agency_name=str(target), previous=str(previous or ""))
        moved.append(t.obj)
    return moved
