"""The demo records: postings in various states and one overdue duty, loaded once however often it runs."""

import pytest
from django.utils import timezone

from chiso.accounts.models import Membership
from chiso.accounts.tests.factories import MembershipFactory, UserFactory
from chiso.disclosures import compliance
from chiso.disclosures.demo import load_demo
from chiso.disclosures.models import Posting
from chiso.units.models import AdministrativeUnit, Agency
from chiso.units.tests.factories import AgencyFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_wards(world):
    wards = {}
    for code, name, prefix in (("12124", "Phường Bạch Sam", "bachsam"), ("12130", "Phường Phùng Chí Kiên", "pck")):
        unit = UnitFactory(code=code, name=name, level=AdministrativeUnit.Level.COMMUNE, parent=world.my_hao)
        agency = AgencyFactory(unit=unit, name="Văn phòng - Thống kê", kind=Agency.Kind.POST)
        for role in ("officer", "leader", "coordinator"):
            MembershipFactory(
                user=UserFactory(username=f"{prefix}.{role}"),
                agency=agency,
                role=getattr(Membership.Role, role.upper()),
            )
        wards[code] = unit
    return wards


def test_demo_postings_load_once(demo_wards):
    counts = load_demo()
    assert counts["postings"] == 4 and counts["duties overdue"] == 1
    assert load_demo()["postings"] == 0
    statuses = sorted(Posting.objects.values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "confirmed", "draft"]
    today = timezone.localdate()
    result = compliance.compute(demo_wards["12124"], today.replace(year=today.year - 1, month=1, day=1), today)
    counts = result.counts
    assert counts["taken_down_early"] == 1 and counts["missing"] >= 1 and counts["on_time"] >= 2
