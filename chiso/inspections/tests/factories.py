"""Inspections built through the services, as the screens build them."""

import datetime as dt

from chiso.accounts.tests.factories import UserFactory

from .. import services
from ..models import Inspection, InspectionPlan, Theme
from ..themes import load_themes


def admin():
    return UserFactory(username="inspections_admin", is_superuser=True)


def town_inspection(world, *, actor=None, decided=True, year=2025, theme="one-stop", kind=Inspection.Kind.SCHEDULED):
    """The town's inspection of Bạch Sam's one-stop counter, in the town's draft inspection plan."""
    actor = actor or admin()
    if not Theme.objects.filter(code=theme).exists():
        load_themes()  # a transactional test (browser, live server) starts from a flushed database
    plan = services.create_plan(
        InspectionPlan(unit=world.my_hao, year=year, title=f"Kế hoạch kiểm tra năm {year}"), actor=actor
    )
    inspection = services.plan_inspection(
        Inspection(
            plan=plan,
            unit=world.my_hao,
            kind=kind,
            theme=Theme.objects.get(code=theme),
            inspected_unit=world.bach_sam,
            inspected_agency=world.vp_bach_sam,
            lead_agency=world.thanh_tra,
            year=year,
            planned_month=3,
        ),
        actor=actor,
    )
    if decided:
        inspection = services.decide_inspection(
            inspection,
            actor=actor,
            decision_number="12/QĐ-UBND",
            decision_date=dt.date(year, 3, 2),
            start_on=dt.date(year, 3, 5),
            end_on=dt.date(year, 3, 6),
            team=[{"name": "Bùi Văn Nam", "position": "Thanh tra viên", "role": "head"}],
        )
    return inspection


def finding_and_remedy(
    inspection,
    *,
    actor,
    agency,
    severity="minor",
    answer=None,
    finding="Chưa niêm yết phí",
    remedy="Niêm yết phí",
    found_on=dt.date(2025, 3, 5),
    assigned_on=dt.date(2025, 3, 6),
    deadline_days=10,
    evidence_expected="",
):
    """A finding of ``inspection`` and the remedy ``agency`` is given for it (``deadline_days`` working days):
    ``(finding, remedy)``."""
    row = services.record_finding(
        inspection, actor=actor, text=finding, severity=severity, answer=answer, found_on=found_on
    )
    return row, services.assign_remedy(
        row,
        actor=actor,
        text=remedy,
        agency=agency,
        deadline_days=deadline_days,
        evidence_expected=evidence_expected,
        assigned_on=assigned_on,
    )
