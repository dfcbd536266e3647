"""Report pages: flat query counts whatever the number of agencies and tasks; bad input keeps what was typed."""

import datetime as dt

import pytest

from chiso.plans.tests.factories import TaskFactory
from chiso.reporting import services
from chiso.reporting.models import Period
from chiso.units.tests.factories import AgencyFactory


@pytest.fixture
def big(town, world, district_coordinator):
    """30 more agencies, each leading two tasks; the period re-opened with all of them."""
    agencies = [AgencyFactory(name=f"Phòng chuyên môn {i}", unit=world.my_hao) for i in range(30)]
    for i, agency in enumerate(agencies):
        TaskFactory(plan=town.plan, number=f"{i}.1", lead=[agency])
        TaskFactory(plan=town.plan, number=f"{i}.2", lead=[agency])
    town.schedule.reporters.set(services.default_reporters(town.plan))
    Period.objects.filter(schedule=town.schedule).delete()
    services.open_due_periods(today=dt.date(2025, 7, 1), schedules=[town.schedule])
    return town.schedule.periods.get()


def test_period_and_schedule_pages_stay_flat(client, big, district_coordinator, django_assert_max_num_queries):
    client.force_login(district_coordinator)
    assert big.requests.count() == 33
    with django_assert_max_num_queries(20):
        response = client.get(f"/reporting/periods/{big.pk}/")
    assert response.status_code == 200 and "Phòng chuyên môn 29" in response.content.decode()
    with django_assert_max_num_queries(20):
        assert client.get(f"/reporting/schedules/{big.schedule_id}/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/reporting/").status_code == 200


def test_submission_page_stays_flat(client, town, world, district_coordinator, django_assert_max_num_queries):
    for i in range(60):
        TaskFactory(plan=town.plan, number=f"9.{i}", lead=[world.thanh_tra])
    request = town.period.requests.get(agency=world.thanh_tra)
    submission = services.start_submission(request, actor=district_coordinator)
    assert submission.lines.count() == 61
    client.force_login(district_coordinator)
    with django_assert_max_num_queries(25):
        response = client.get(f"/reporting/submissions/{submission.pk}/")
    assert response.status_code == 200


def test_bad_figures_keep_what_was_typed(client, town, world, district_officer):
    request = town.period.requests.get(agency=world.thanh_tra)
    submission = services.start_submission(request, actor=district_officer)
    line = submission.lines.get()
    client.force_login(district_officer)
    response = client.post(
        f"/reporting/submissions/{submission.pk}/",
        {
            "loaded_version": submission.version,
            "metric-dialogues": "hai",
            f"line-{line.pk}-percent": "150",
            f"line-{line.pk}-result": "Đã tiếp 12 lượt",
            "summary": "Đánh giá chung đã nhập",
            "action": "submit",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "phải là số không âm" in page and "từ 0 đến 100" in page
    assert "Đánh giá chung đã nhập" in page and "Đã tiếp 12 lượt" in page and 'value="hai"' in page
    submission.refresh_from_db()
    assert submission.status == "draft" and submission.summary == ""


def test_second_writer_sees_both_versions(client, town, world, district_officer):
    request = town.period.requests.get(agency=world.thanh_tra)
    submission = services.start_submission(request, actor=district_officer)
    loaded = submission.version
    services.save_draft(
        submission, actor=district_officer, loaded_version=loaded, data={"summary": "Bản của người thứ nhất"}
    )
    client.force_login(district_officer)
    response = client.post(
        f"/reporting/submissions/{submission.pk}/",
        {"loaded_version": loaded, "summary": "Bản của người thứ hai", "metric-dialogues": "1", "action": "save"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Bản của người thứ nhất" in page and "Bản của người thứ hai" in page
    submission.refresh_from_db()
    assert submission.summary == "Bản của người thứ nhất"


def test_schedule_form_refuses_bad_metrics_and_keeps_input(client, town, district_coordinator):
    client.force_login(district_coordinator)
    response = client.post(
        f"/reporting/plans/{town.plan.pk}/schedules/add/",
        {
            "title": "Báo cáo quý",
            "cadence": "quarterly",
            "window": "decree_09",
            "agency_due_days": "5",
            "unit_due_days": "7",
            "open_days_before": "10",
            "recipient": town.schedule.recipient_id,
            "metrics": "Số cuộc đối thoại",
            "remind_days_before": "3",
        },
    )
    assert response.status_code == 400
    assert "chữ thường" in response.content.decode() and "Báo cáo quý" in response.content.decode()


def test_ad_hoc_request_with_due_date_before_cutoff(client, town, district_coordinator):
    client.force_login(district_coordinator)
    response = client.post(
        f"/reporting/schedules/{town.schedule.pk}/ad-hoc/",
        {"label": "Báo cáo đột xuất", "cutoff_start": "01/01/2025", "cutoff_end": "31/08/2025", "due_on": "20/08/2025"},
    )
    assert response.status_code == 400
    assert "Hạn gửi báo cáo sớm hơn ngày kết thúc chốt số liệu" in response.content.decode()
