import datetime as dt

import pytest

from chiso.indices.models import Dimension, Index
from chiso.plans.models import Plan
from chiso.plans.tests.factories import PlanFactory, TaskFactory


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
