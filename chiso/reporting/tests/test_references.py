"""Reporting: the schedule names only what the page offers; edits carry the version they started from (issue 11)."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from chiso.reporting import services
from chiso.reporting.models import Cadence, Schedule, Window
from chiso.units.models import Agency
from chiso.units.tests.factories import AgencyFactory


def api_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_schedule_reporters_are_of_the_plans_unit_and_the_units_just_below(town, world, province_coordinator):
    # given: the province's plan; a ward office two levels below is visible to the province's coordinator
    payload = {"plan": town.province_plan.pk, "title": "Báo cáo quý", "cadence": Cadence.QUARTERLY}
    client = api_for(province_coordinator)
    # when: the API asks the ward office to report, or sends the reports to a town office
    reporters = client.post(
        "/api/v1/reporting/schedules/", {**payload, "reporters": [world.vp_bach_sam.pk]}, format="json"
    )
    recipient = client.post(
        "/api/v1/reporting/schedules/", {**payload, "recipient": world.phong_noi_vu.pk}, format="json"
    )
    # then: refused on the field, as the page's form (which does not offer them) refuses them
    assert reporters.status_code == 400 and "reporters" in reporters.json(), reporters.json()
    assert reporters.json()["code"] == "not_usable"
    assert recipient.status_code == 400 and "recipient" in recipient.json()
    assert Schedule.objects.count() == 2
    ok = client.post("/api/v1/reporting/schedules/", {**payload, "reporters": [world.phong_noi_vu.pk]}, format="json")
    assert ok.status_code == 201, ok.json()


def test_schedule_edits_check_the_reporters_they_add(town, world, district_coordinator):
    far = Agency.objects.get(pk=world.noi_vu_vinh_chau.pk)
    schedule = Schedule.objects.get(pk=town.schedule.pk)

    class Form:
        cleaned_data = {"reporters": [*schedule.reporters.all(), far]}

        def save_m2m(self):
            schedule.reporters.set(self.cleaned_data["reporters"])

    with pytest.raises(ValidationError) as refused:
        services.update_schedule(schedule, actor=district_coordinator, loaded_version=schedule.version, m2m_form=Form())
    assert refused.value.error_dict["reporters"][0].code == "not_usable"
    assert far not in town.schedule.reporters.all()


def test_a_new_schedule_refuses_a_recipient_outside_the_plans_unit(town, world, district_coordinator):
    office = AgencyFactory(name="Văn phòng UBND phường", unit=world.bach_sam)
    schedule = Schedule(
        plan=town.plan, title="Quý", cadence=Cadence.QUARTERLY, window=Window.DECREE_09, recipient=office
    )
    with pytest.raises(ValidationError) as refused:
        services.create_schedule(schedule, actor=district_coordinator)
    assert refused.value.error_dict["recipient"][0].code == "not_usable"


# --- the version an edit started from ------------------------------------------------------------------------
def test_a_draft_saved_without_its_version_is_refused(town, world, district_officer):
    request = town.period.requests.get(agency=world.thanh_tra)
    draft = services.start_submission(request, actor=district_officer)
    for missing in (None, ""):
        with pytest.raises(ValidationError) as refused:
            services.save_draft(draft, actor=district_officer, loaded_version=missing, data={"summary": "x"})
        assert refused.value.code == "no_version"
    draft.refresh_from_db()
    assert draft.summary == ""


def test_the_report_page_without_a_version_keeps_what_was_typed(client, town, world, district_officer):
    request = town.period.requests.get(agency=world.thanh_tra)
    draft = services.start_submission(request, actor=district_officer)
    client.force_login(district_officer)
    response = client.post(
        f"/reporting/submissions/{draft.pk}/",
        {"summary": "Đánh giá chung đã nhập", "metric-dialogues": "1", "action": "save"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Đánh giá chung đã nhập" in page
    draft.refresh_from_db()
    assert draft.summary == ""


def test_a_consolidated_report_edited_without_its_version_is_refused(town, district_coordinator):
    report = services.consolidate_report(town.period, actor=district_coordinator)
    with pytest.raises(ValidationError) as refused:
        services.update_report(report, actor=district_coordinator, loaded_version=None, data={"title": "x"})
    assert refused.value.code == "no_version"
