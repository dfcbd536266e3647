"""The dashboards' state changes: a scorecard written (formula and thresholds), a recount asked for. Each checks
the policy, so the page and any future API write behave the same."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from chiso.core.permissions import policy
from chiso.core.services import create_object, update_object

from .models import Figure, Scorecard
from .tasks import recount_task


def default_name(unit) -> str:
    return f"Bảng chấm điểm thi đua — {unit.name}"


@transaction.atomic
def create_scorecard(unit, *, actor, name, level, criteria, reward_from, remind_below) -> Scorecard:
    if not policy.can(actor, "add", Scorecard, unit=unit):
        raise PermissionDenied
    scorecard = Scorecard(
        unit=unit,
        name=name or default_name(unit),
        level=level,
        criteria=criteria,
        reward_from=reward_from,
        remind_below=remind_below,
    )
    return create_object(scorecard, actor=actor)


def update_scorecard(scorecard, *, actor, loaded_version, criteria, **fields) -> Scorecard:
    for name, value in fields.items():
        setattr(scorecard, name, value)
    scorecard.criteria = criteria
    return update_object(scorecard, actor=actor, loaded_version=loaded_version)


def request_recount(unit, year: int, period: str, *, actor) -> None:
    """Recount the unit's subtree now (after commit; queued when a broker runs, in-process otherwise)."""
    if not policy.can(actor, "recount", Figure, unit=unit):
        raise PermissionDenied
    transaction.on_commit(lambda: recount_task.delay(year, period, unit.pk))
