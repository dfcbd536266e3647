"""Pilot localities (địa bàn điểm): the hamlets and villages — ấp, khóm, thôn, tổ dân phố — or communes a plan
chooses to lead the way (seed 002: "chọn 04 ấp, khóm làm địa phương điểm … ấp Vĩnh Biên, ấp Ca Lạc, xã Lạc Hòa và
Khóm 1, Khóm 2, Phường 1"). A plan names them among the units below its own; its tasks name them among the plan's.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.core.audit import record_change
from chiso.core.models import AuditEntry
from chiso.core.permissions import policy
from chiso.lib import tree
from chiso.units.models import AdministrativeUnit

LEVELS = (AdministrativeUnit.Level.COMMUNE, AdministrativeUnit.Level.VILLAGE)


def pilot_choices(unit=None, user=None):
    """The units a plan of ``unit`` may name as pilots: communes and villages below it. Without a unit yet (a new
    plan), the villages below the units ``user`` coordinates (administrators: all villages)."""
    units = AdministrativeUnit.objects.filter(level__in=LEVELS)
    if unit is not None:
        return units.filter(tree.subtree_q([unit.path])).exclude(pk=unit.pk)
    villages = units.filter(level=AdministrativeUnit.Level.VILLAGE)
    if user is None or policy.is_admin(user):
        return villages
    return villages.filter(tree.subtree_q(policy.unit_paths(user, {"coordinator"})))


def check_plan_pilots(plan, pilots) -> None:
    """Every pilot of ``plan`` is a commune or village below the plan's unit."""
    wrong = [p for p in pilots if p.level not in LEVELS or p.pk == plan.unit_id or not plan.unit.is_ancestor_of(p)]
    if wrong:
        raise ValidationError(
            {
                "pilot_units": _(
                    "Not below %(unit)s: %(names)s. A pilot is a hamlet, village or commune of the plan's unit."
                )
                % {"unit": plan.unit.name, "names": ", ".join(p.name for p in wrong)}
            },
            code="pilot_not_below",
        )


def check_task_pilots(task, pilots) -> None:
    """A task names pilots among its plan's."""
    allowed = set(task.plan.pilot_units.values_list("pk", flat=True))
    wrong = [p for p in pilots if p.pk not in allowed]
    if wrong:
        raise ValidationError(
            {
                "pilot_units": _("Not a pilot locality of the plan: %(names)s. Add it to the plan first.")
                % {"names": ", ".join(p.name for p in wrong)}
            },
            code="pilot_not_in_plan",
        )


def prune_task_pilots(plan, actor=None) -> int:
    """Keep every task's pilots among its plan's: a locality removed from the plan leaves its tasks too, each
    recorded in the task's history (``task.pilots_pruned``, by ``actor``). Returns the number of tasks that lost
    one (their ``updated_at`` moves, so the cached task table is drawn again)."""
    Through = plan.tasks.model.pilot_units.through
    kept = plan.pilot_units.values("pk")
    stray = Through.objects.filter(task__plan=plan).exclude(administrativeunit__in=kept)
    task_ids = set(stray.values_list("task_id", flat=True))
    if task_ids:
        before = {pk: [] for pk in task_ids}
        for task_id, unit_id in Through.objects.filter(task_id__in=task_ids).values_list(
            "task_id", "administrativeunit_id"
        ):
            before[task_id].append(unit_id)
        removed = {}
        for link in stray.select_related("administrativeunit__parent"):
            removed.setdefault(link.task_id, []).append(link.administrativeunit)
        stray.delete()
        plan.tasks.filter(pk__in=task_ids).update(updated_at=timezone.now())
        for task in plan.tasks.filter(pk__in=task_ids):
            gone = removed[task.pk]
            after = [pk for pk in before[task.pk] if pk not in {u.pk for u in gone}]
            record_task_pilots(task, actor, before[task.pk], after, event="task.pilots_pruned", removed=gone)
    return len(task_ids)


def record_task_pilots(task, actor, before, after, *, event="task.pilots_changed", added=(), removed=()):
    """The change of a task's pilot localities in its history: the ids before and after (the history's table
    names them) and, as the event's data, the names as they were then ("Ấp Vĩnh Biên (Xã Lạc Hòa)")."""
    names = {"added": added, "removed": removed}
    data = {key: ", ".join(pilot_label(u) for u in units) for key, units in names.items() if units}
    return record_change(
        task,
        AuditEntry.Action.UPDATE,
        actor,
        {"pilot_units": sorted(before)},
        {"pilot_units": sorted(after)},
        event=event,
        data=data,
    )


def pilot_label(unit) -> str:
    """ "Ấp Vĩnh Biên (Xã Lạc Hòa)": the locality and the commune it belongs to (``parent`` loaded)."""
    if unit.level == AdministrativeUnit.Level.VILLAGE and unit.parent_id:
        return f"{unit.name} ({unit.parent.name})"
    return unit.name


def pilot_rows(units) -> list[dict]:
    return [{"unit": u, "label": pilot_label(u), "url": u.get_absolute_url()} for u in units]
