"""The Vĩnh Châu demo plan (seed 002, 2023): the town's draft plan with its 23 activities, each tagged with
the PAPI sub-dimensions it works on, so the gap analysis has a real plan to read. Runs after the demo world
(``chiso.demo.world.load_demo``) and is idempotent."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from chiso.core.audit import record_created
from chiso.indices.models import SubDimension
from chiso.lib.text import fold
from chiso.plans.models import Plan, Target, Task, TaskAgency
from chiso.plans.targets import read_target
from chiso.plans.timeframes import parse_timeframe
from chiso.units.models import AdministrativeUnit, Agency

PLAN_JSON = Path(__file__).resolve().parent / "data" / "vinh_chau_2023_plan.json"
ALL_COMMUNES = {"ubnd xa, phuong", "uy ban nhan dan xa, phuong"}


def add_activities(plan, groups, resolve, *, intro=False):
    """The task table of a seed plan's appendix on ``plan``: a group row per group (with its introduction when
    ``intro``), then its activities with their timeframe, lead and coordinating agencies (``resolve(names)`` gives
    the agencies a list of names means; one that leads is not also coordinating). Returns ``(activity, task)``
    pairs, so the caller can tag each task."""
    made, position = [], 0
    for group in groups:
        position += 10
        heading = Task.objects.create(
            plan=plan,
            number=group["number"],
            title=group["title"],
            activity=group["intro"] if intro else "",
            position=position,
            timeframe_kind="ongoing",
        )
        for item in group["activities"]:
            position += 10
            timeframe = parse_timeframe(item["timeframe"])
            task = Task.objects.create(
                plan=plan,
                group=heading,
                number=item["number"] or "",
                title=group["title"],
                activity=item["activity"],
                position=position,
                timeframe_kind=timeframe.kind,
                timeframe_text=item["timeframe"],
                start_on=timeframe.start,
                due_on=timeframe.end,
            )
            lead = list(dict.fromkeys(resolve(item["lead"])))
            links = [TaskAgency(task=task, agency=a, role=TaskAgency.Role.LEAD) for a in lead]
            links += [
                TaskAgency(task=task, agency=a, role=TaskAgency.Role.COORDINATING)
                for a in dict.fromkeys(resolve(item["coordinating"]))
                if a not in lead
            ]
            TaskAgency.objects.bulk_create(links)
            made.append((item, task))
    return made


def load_demo_plan(stdout=None) -> Plan | None:
    """The Vĩnh Châu plan, once; None when the demo world (the town and its agencies) is not there."""
    data = json.loads(PLAN_JSON.read_text(encoding="utf-8"))
    meta = data["plan"]
    town = AdministrativeUnit.objects.legacy().filter(code=meta["unit_code"]).first()
    if town is None or not town.agencies.exists():
        return None
    existing = Plan.objects.filter(unit=town, year=meta["year"], title=meta["title"]).first()
    if existing is not None:
        return existing
    agencies = {fold(a.name): a for a in town.agencies.all()}
    for agency in town.agencies.all():
        for alias in agency.aliases or []:
            agencies.setdefault(fold(alias), agency)
    communes = list(Agency.objects.filter(unit__parent=town, kind=Agency.Kind.COMMITTEE))
    subdimensions = {s.code: s for s in SubDimension.objects.filter(dimension__index__code="PAPI")}

    def resolve(names):
        found = []
        for name in names:
            key = fold(name).rstrip(".")
            if key in ALL_COMMUNES:
                found.extend(communes)
            elif key in agencies:
                found.append(agencies[key])
        return list(dict.fromkeys(found))

    plan = Plan.objects.create(
        unit=town,
        issuer=town.agencies.filter(kind=Agency.Kind.COMMITTEE).first(),
        year=meta["year"],
        code=meta["code"],
        title=meta["title"],
        place=meta["place"],
        issued_on=dt.date.fromisoformat(meta["issued_on"]) if meta["issued_on"] else None,
        signer_title=meta["signer_title"],
        basis=meta.get("basis", []),
    )
    for text in meta["targets"]:
        target = read_target(text)
        Target.objects.create(plan=plan, text=text, kind=target.kind, value=target.stored_value)
    for item, task in add_activities(plan, data["groups"], resolve):
        subs = [subdimensions[c] for c in item.get("subdimensions", []) if c in subdimensions]
        task.subdimensions.set(subs)
        task.dimensions.set({s.dimension_id for s in subs})
    record_created(plan, None)
    if stdout is not None:
        stdout.write(f"Kế hoạch mẫu / demo plan: {plan}")
    return plan
