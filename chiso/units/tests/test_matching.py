"""One agency matcher (issue 12): the plan-document import and the .xlsx task table read agency names the same way."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from chiso.plans.importers import import_task_table
from chiso.plans.tests.factories import PlanFactory
from chiso.units.matching import AgencyMatcher
from chiso.units.models import Agency
from chiso.units.tests.factories import AgencyFactory

# Each name as plans write it → the agency (of the town unless said) it means. The first group is what the task
# table matched before (the exact name, accents aside); the document import matched all of them.
NAMES = [
    ("Phòng Nội vụ", "noi_vu"),
    ("phong noi vu", "noi_vu"),
    ("Thanh tra thị xã", "thanh_tra"),
    ("Phòng Văn hóa và Thông tin", "vhtt"),
    ("Phòng VH-TT", "vhtt"),
    ("Phòng VH&TT", "vhtt"),
    ("Phòng Văn hóa - Thông tin thị xã", "vhtt"),
    ("Ủy ban MTTQ thị xã", "mttq"),
    ("UBMTTQ Việt Nam thị xã", "mttq"),
    ("Phòng Tài chính-Kế hoạch", "tckh"),
    ("Phòng TC-KH", "tckh"),
]


@pytest.fixture
def town(world):
    return {
        "noi_vu": world.phong_noi_vu,
        "thanh_tra": world.thanh_tra,
        "mttq": world.mttq,
        "vhtt": AgencyFactory(name="Phòng Văn hóa và Thông tin", unit=world.my_hao, kind=Agency.Kind.OFFICE),
        "tckh": AgencyFactory(name="Phòng Tài chính - Kế hoạch", unit=world.my_hao, kind=Agency.Kind.OFFICE),
    }


@pytest.mark.parametrize(("name", "key"), NAMES)
def test_a_name_as_plans_write_it_finds_its_agency(world, town, name, key):
    found = AgencyMatcher(world.my_hao).match(name)
    assert (found.status, found.agencies) == ("matched", [town[key]])


def test_all_communes_general_calls_and_suggestions(world, town):
    matcher = AgencyMatcher(world.my_hao)
    assert set(matcher.match("UBND các xã, phường").agencies) == {world.ubnd_bach_sam}
    assert matcher.match("Các ngành có liên quan").status == "general"
    unknown = matcher.match("Phòng Nội chính")
    assert unknown.status == "unmatched" and unknown.suggestions[0] == world.phong_noi_vu
    # an agency of the same name in two wards: one of them, and the ward's own when matching for the ward
    assert matcher.match("Văn phòng - Thống kê").agencies[0] in (world.vp_bach_sam, world.vp_pck)
    assert AgencyMatcher(world.phung_chi_kien).match("Văn phòng - Thống kê").agencies == [world.vp_pck]


def test_the_task_table_matches_as_the_plan_import_does(world, town, district_coordinator):
    workbook = Workbook()
    ws = workbook.active
    ws.append(["STT", "Nội dung", "Hoạt động", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"])
    for i, (name, _key) in enumerate(NAMES, 1):
        ws.append([str(i), f"Nội dung {i}", f"Hoạt động {i}", name, "", "Năm 2025"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = PlanFactory(unit=world.my_hao)
    report = import_task_table(plan, SimpleUploadedFile("t.xlsx", buffer.getvalue()), actor=district_coordinator)
    assert report.ok, [(r.line, r.errors) for r in report.rows if r.errors]
    leads = [plan.tasks.get(number=str(i)).lead_agencies() for i in range(1, len(NAMES) + 1)]
    assert leads == [[town[key]] for _name, key in NAMES]
