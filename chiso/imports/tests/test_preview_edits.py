"""The preview's corrections of the reporting duties and of the header (issue 13): a corrected duty becomes the
schedule as typed, a dropped one is not created, an added one is; a bad value is refused with a clear message and
what was typed kept; the API's confirmation takes the same corrections through the same service."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chiso.imports import services
from chiso.imports.models import PlanImport
from chiso.plans.models import Plan

from .conftest import PHUNG_CHI_KIEN


@pytest.fixture
def record(world, district_coordinator):
    return services.start_import(
        unit=world.phung_chi_kien,
        actor=district_coordinator,
        name=PHUNG_CHI_KIEN.name,
        data=PHUNG_CHI_KIEN.read_bytes(),
    )


def created(plan):
    return sorted((s.title, s.cadence, s.window, s.agency_due_days) for s in plan.schedules.all())


def test_the_duties_read_are_proposed_as_schedules(record):
    assert services.proposed_schedules(record.result) == [
        {"source": 0, "title": "Báo cáo 6 tháng gửi UBND thị xã", "cadence": "half_yearly", "window": "calendar",
         "due_days": 5, "second_half": False},
        {"source": 1, "title": "Báo cáo năm gửi UBND thị xã", "cadence": "yearly", "window": "calendar",
         "due_days": 5, "second_half": False},
    ]  # fmt: skip


def test_the_service_creates_the_schedules_as_corrected(record, world, district_coordinator):
    half, _year = services.proposed_schedules(record.result)
    rows = [
        {**half, "title": "Báo cáo 6 tháng kết quả PAPI", "due_days": 10},  # corrected; the year is dropped
        {"title": "Báo cáo quý gửi Phòng Nội vụ", "cadence": "quarterly", "window": "decree_09", "due_days": 3},
    ]
    edits = {"schedules": rows, "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "signer_name": "Nguyễn Văn An"}
    plan = services.confirm_import(
        record, actor=district_coordinator, choices={}, loaded_version=record.version, edits=edits
    )
    assert created(plan) == [
        ("Báo cáo 6 tháng kết quả PAPI", "half_yearly", "calendar", 10),
        ("Báo cáo quý gửi Phòng Nội vụ", "quarterly", "decree_09", 3),
    ]
    assert (plan.signer_title, plan.signer_name) == ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "Nguyễn Văn An")
    # the corrected duty still asks who leads the plan's tasks
    assert set(plan.schedules.get(cadence="half_yearly").reporters.all()) == {world.vp_pck}


@pytest.mark.parametrize(
    "row, said",
    [
        ({"title": " ", "cadence": "yearly"}, "đề nghị nhập tên lịch"),
        ({"title": "Báo cáo", "cadence": "weekly"}, "đề nghị chọn kỳ báo cáo"),
        ({"title": "Báo cáo", "cadence": "yearly", "due_days": 120}, "từ 0 đến 90 ngày"),
        ({"title": "Báo cáo", "cadence": "yearly", "due_days": "5"}, "từ 0 đến 90 ngày"),
        ({"title": "Báo cáo", "cadence": "yearly", "window": "lunar"}, "cách tính thời gian chốt số liệu"),
        ({"title": "Báo cáo", "cadence": "half_yearly", "second_half": "yes"}, "Báo cáo cả 6 tháng cuối năm"),
    ],
)
def test_the_service_refuses_a_bad_schedule_and_creates_nothing(record, district_coordinator, row, said):
    with pytest.raises(ValidationError) as refused:
        services.confirm_import(
            record, actor=district_coordinator, choices={}, loaded_version=record.version, edits={"schedules": [row]}
        )
    assert "Lịch báo cáo 1:" in refused.value.messages[0] and said in refused.value.messages[0]
    assert not Plan.objects.exists()


def management(total, initial):
    return {"schedule-TOTAL_FORMS": total, "schedule-INITIAL_FORMS": initial, "schedule-MIN_NUM_FORMS": 0,
            "schedule-MAX_NUM_FORMS": 1000}  # fmt: skip


def test_the_preview_edits_a_duty_drops_one_adds_one_and_keeps_what_was_typed(
    client, record, world, district_coordinator
):
    client.force_login(district_coordinator)
    page = client.get(record.get_absolute_url()).content.decode()
    assert 'name="schedule-0-title"' in page and 'value="Báo cáo 6 tháng gửi UBND thị xã"' in page
    assert 'name="signer_name"' in page
    typed = {
        "version": record.version, **management(3, 2),
        "schedule-0-source": 0, "schedule-0-title": "Báo cáo sơ kết 6 tháng", "schedule-0-cadence": "half_yearly",
        "schedule-0-window": "calendar", "schedule-0-due_days": 7,
        "schedule-1-source": 1, "schedule-1-title": "Báo cáo năm gửi UBND thị xã", "schedule-1-cadence": "yearly",
        "schedule-1-window": "calendar", "schedule-1-due_days": 5, "schedule-1-DELETE": "on",
        "schedule-2-title": "Báo cáo quý", "schedule-2-cadence": "quarterly", "schedule-2-window": "decree_09",
        "schedule-2-due_days": 91, "signer_name": "Nguyễn Văn An",
    }  # fmt: skip
    # a bad value: refused, the page says where, what was typed is kept, nothing is created
    response = client.post(record.get_absolute_url(), typed)
    page = response.content.decode()
    assert response.status_code == 400 and not Plan.objects.exists()
    assert 'value="Báo cáo sơ kết 6 tháng"' in page and 'value="Báo cáo quý"' in page and 'value="91"' in page
    assert 'value="Nguyễn Văn An"' in page
    # corrected: the schedules are exactly the rows kept
    response = client.post(record.get_absolute_url(), {**typed, "schedule-2-due_days": 3})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert created(plan) == [("Báo cáo quý", "quarterly", "decree_09", 3),
                             ("Báo cáo sơ kết 6 tháng", "half_yearly", "calendar", 7)]  # fmt: skip
    assert plan.signer_name == "Nguyễn Văn An"
    assert PlanImport.objects.get().status == PlanImport.Status.CONFIRMED


def test_the_preview_untouched_creates_what_was_read(client, record, district_coordinator):
    """The blank row left for adding one is ignored while untouched, and a post without the rows keeps them."""
    client.force_login(district_coordinator)
    rows = services.proposed_schedules(record.result)
    data = {"version": record.version, **management(3, 2), "schedule-2-window": "calendar", "schedule-2-due_days": 5}
    for index, row in enumerate(rows):
        data.update({f"schedule-{index}-{k}": v for k, v in row.items()})
    assert client.post(record.get_absolute_url(), data).status_code == 302
    assert [t for t, *_ in created(Plan.objects.get())] == ["Báo cáo 6 tháng gửi UBND thị xã",
                                                              "Báo cáo năm gửi UBND thị xã"]  # fmt: skip


def test_the_api_confirms_with_the_same_corrections(client, record, district_coordinator):
    client.force_login(district_coordinator)
    url = reverse("plan-import-confirm", args=[record.pk])
    half = services.proposed_schedules(record.result)[0]
    bad = client.post(url, {"version": record.version, "schedules": [{**half, "due_days": -1}]}, "application/json")
    assert bad.status_code == 400 and "Lịch báo cáo 1: hạn nộp" in str(bad.json()) and not Plan.objects.exists()
    body = {"version": record.version, "schedules": [{**half, "title": "Báo cáo 6 tháng (PAPI)"}],
            "signer_name": "Nguyễn Văn An"}  # fmt: skip
    response = client.post(url, body, "application/json")
    assert response.status_code == 201, response.content
    plan = Plan.objects.get(pk=response.json()["plan"])
    assert created(plan) == [("Báo cáo 6 tháng (PAPI)", "half_yearly", "calendar", 5)]
    assert plan.signer_name == "Nguyễn Văn An"


def test_the_preview_ticks_the_last_six_months_and_keeps_it_through_a_refused_post(
    client, record, district_coordinator
):
    """The box on the half-yearly row: ticked by hand here (the document does not name the last six months), kept
    when the post is refused for another field, and the confirmed schedule keeps both halves."""
    client.force_login(district_coordinator)
    page = client.get(record.get_absolute_url()).content.decode()
    box = re.search(r'<input[^>]*name="schedule-0-second_half"[^>]*>', page).group(0)
    assert "checked" not in box and "Báo cáo cả 6 tháng cuối năm" in page
    data = {"version": record.version, **management(3, 2), "schedule-2-window": "calendar", "schedule-2-due_days": 5}
    for index, row in enumerate(services.proposed_schedules(record.result)):
        data.update({f"schedule-{index}-{k}": v for k, v in row.items() if k != "second_half"})
    data["schedule-0-second_half"] = "on"
    refused = client.post(record.get_absolute_url(), {**data, "schedule-1-due_days": 120})
    assert refused.status_code == 400 and not Plan.objects.exists()
    box = re.search(r'<input[^>]*name="schedule-0-second_half"[^>]*>', refused.content.decode()).group(0)
    assert "checked" in box
    assert client.post(record.get_absolute_url(), data).status_code == 302
    schedules = {s.cadence: s.second_half for s in Plan.objects.get().schedules.all()}
    assert schedules == {"half_yearly": True, "yearly": False}
