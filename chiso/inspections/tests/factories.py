"""Inspections built through the services, as the screens build them."""

import datetime as dt

from chiso.accounts.tests.factories import UserFactory

from .. import services
from ..models import Inspection, InspectionPlan, Theme


def admin():
    return UserFactory(username="inspections_admin", is_superuser=True)


def town_inspection(world, *, actor=None, decided=True, year=2025, theme="one-stop", kind=Inspection.Kind.SCHEDULED):
    """The town's inspection of Bạch Sam's one-stop counter, in the town's draft inspection plan."""
    actor = actor or admin()
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
