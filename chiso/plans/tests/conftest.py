import datetime as dt
import json
from pathlib import Path

import pytest

from chiso.demo.results import add_activities
from chiso.indices.models import Dimension, Index
from chiso.lib.text import fold
from chiso.plans.models import Plan
from chiso.plans.tests.factories import PlanFactory, TaskFactory
from chiso.units.tests.factories import AgencyFactory, UnitFactory

FIXTURE = Path(__file__).parent / "fixtures" / "vinh_chau_tasks.json"


@pytest.fixture
def papi(db):
    index = Index.objects.create(code="PAPI", name_vi="PAPI")
    names = [
        "Tham gia của người dân ở cấp cơ sở",
        "Công khai, minh bạch trong việc ra quyết định",
        "Trách nhiệm giải trình với người dân",
        "Kiểm soát tham nhũng trong khu vực công",
        "Thủ tục hành chính công",
        "Cung ứng dịch vụ công",
        "Quản trị môi trường",
        "Quản trị điện tử",
    ]
    return [
        Dimension.objects.create(index=index, code=f"D{i}", order=i, name_vi=name, since=2018 if i > 6 else 2011)
        for i, name in enumerate(names, 1)
    ]


@pytest.fixture
def town_plan(world, papi):
    """Mỹ Hào's issued 2025 plan (03/KH-UBND of 03/01/2025) with a task for the wards and one of its own."""
    plan = PlanFactory(
        unit=world.my_hao,
        year=2025,
        code="03/KH-UBND",
        issued_on=dt.date(2025, 1, 3),
        status=Plan.Status.ISSUED,
        title="Kế hoạch nâng cao Chỉ số PAPI thị xã Mỹ Hào năm 2025",
    )
    for_wards = TaskFactory(
        plan=plan,
        number="1",
        title="Công khai danh sách hộ nghèo",
        lead=[world.ubnd_bach_sam],
        coordinating=[world.mttq],
    )
    for_wards.dimensions.set([papi[1]])
    own = TaskFactory(
        plan=plan,
        number="2",
        title="Hội nghị triển khai",
        lead=[world.phong_noi_vu],
        timeframe_kind="ongoing",
        timeframe_text="Thường xuyên",
        start_on=None,
        due_on=None,
    )
    own.dimensions.set([papi[0]])
    return plan


def is_general(name):
    return fold(name).startswith(("cac ", "doan kiem tra"))


@pytest.fixture
def vinh_chau_plan(world, papi):
    """The town's 2023 plan with the 23 activities of its appendix, agencies as the table names them."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    town = world.vinh_chau
    communes = [UnitFactory(code=f"3178{i}", name=f"Xã Thử {i}", level="commune", parent=town) for i in range(10)]
    committees = [
        AgencyFactory(unit=c, name=f"UBND {c.name}", kind="committee", aliases=["UBND xã, phường"]) for c in communes
    ]
    agencies = {}

    def agency(name):
        if fold(name) in {"ubnd xa, phuong", "uy ban nhan dan xa, phuong"}:
            return committees
        key = fold(name)
        if key not in agencies:
            agencies[key] = world.noi_vu_vinh_chau if name == "Phòng Nội vụ" else AgencyFactory(unit=town, name=name)
        return [agencies[key]]

    plan = PlanFactory(
        unit=town,
        year=2023,
        code="90/KH-UBND",
        title="Kế hoạch nâng cao Chỉ số PAPI thị xã Vĩnh Châu năm 2023",
        issued_on=dt.date(2023, 3, 15),
        place="Vĩnh Châu",
        signer_title="Phó Chủ tịch",
        signer_name="Nguyễn Văn A",
        recipients="Sở Nội vụ\nUBND tỉnh",
    )

    def resolve(names):
        return [a for name in names if not is_general(name) for a in agency(name)]

    for _, task in add_activities(plan, data["groups"], resolve, intro=True):
        task.dimensions.set([papi[0]])
    return plan
