"""A ward's year of disclosure: the national rules loaded, the poor-household list due in Bạch Sam."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chiso.accounts.models import Membership
from chiso.accounts.tests.factories import MembershipFactory, UserFactory
from chiso.core.tests.test_filetypes import JPEG, PNG
from chiso.disclosures import services
from chiso.disclosures.models import DisclosureType, Duty
from chiso.disclosures.reference import load_disclosure_types

D = dt.date


def photo(name="bang-tin.jpg", content=JPEG):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def png(name="anh.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture
def rules(db):
    load_disclosure_types()
    return {rule.code: rule for rule in DisclosureType.objects.all()}


@pytest.fixture
def ward_coordinator(world):
    """Văn phòng - Thống kê of Bạch Sam as the standing body: the ward's coordinator."""
    user = UserFactory(username="ward_coordinator", full_name="Nguyễn Thị Hương")
    MembershipFactory(user=user, agency=world.vp_bach_sam, role=Membership.Role.COORDINATOR)
    return user


@pytest.fixture
def poor_list(world, rules):
    """The 2025 poor-household list of Bạch Sam: due 5 working days after 01/12/2025, 30 days at the committee
    office and in the villages."""
    services.ensure_duties([world.bach_sam], 2025)
    return Duty.objects.get(unit=world.bach_sam, type=rules["ho-ngheo"], key="2025")


def places(start, *, village_days=30):
    """The committee office and two residential groups, from ``start``; the second group's posting for
    ``village_days`` days."""
    return [
        {
            "kind": "committee_office",
            "name": "Trụ sở UBND phường",
            "posted_from": start,
            "photo": photo(),
            "taken_on": start,
        },
        {
            "kind": "village_house",
            "name": "Nhà văn hóa TDP Đồng Xá",
            "posted_from": start,
            "photo": photo(),
            "taken_on": start,
        },
        {
            "kind": "village_house",
            "name": "Nhà văn hóa TDP Phúc Lai",
            "posted_from": start,
            "posted_to": start + dt.timedelta(days=village_days - 1),
            "reason": "Bảng tin bị gió làm hỏng" if village_days < 30 else "",
            "photo": photo(),
            "taken_on": start,
        },
    ]


@pytest.fixture
def posted(poor_list, commune_officer):
    """The poor-household list posted from 05/12/2025 (one village group for 10 days only), recorded on 01/01/2026
    and confirmed."""
    posting = services.record_posting(
        poor_list,
        actor=commune_officer,
        title="DS",
        places=places(D(2025, 12, 5), village_days=10),
        today=D(2026, 1, 1),
    )
    services.confirm_posting(posting, actor=commune_officer)
    return posting
