"""The public link and the API's public submit: one answer per device, errors named, rate limit per address."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from chiso.surveys.models import Response
from chiso.surveys.tests.factories import make_survey
from chiso.surveys.tests.test_services import GOOD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def test_public_form_keeps_one_answer_per_device(client, world):
    survey = make_survey(world.bach_sam)
    url = f"/khao-sat/{survey.points.get().token}/"
    assert client.get(url).status_code == 200
    # a missing required answer: 400, the question named, nothing stored
    response = client.post(url, {**GOOD, "a1_waiting": ""})
    assert response.status_code == 400 and "a1_waiting" in response.context["errors"]
    assert client.post(url, GOOD).status_code == 302
    # the same device again: refused, nothing stored twice
    assert client.post(url, GOOD).status_code == 409
    assert Response.objects.count() == 1


def test_api_submit_refuses_a_second_answer_and_bad_choices(world):
    survey = make_survey(world.bach_sam)
    token = survey.points.get().token
    api = APIClient()
    url = f"/api/v1/surveys/{survey.pk}/responses/"
    body = {"token": token, "device": "phone-1", "answers": GOOD}
    assert api.post(url, body, format="json").status_code == 201
    assert api.post(url, body, format="json").status_code == 409
    bad = api.post(url, {**body, "device": "phone-2", "answers": {**GOOD, "a1_waiting": "9"}}, format="json")
    assert bad.status_code == 400 and "a1_waiting" in bad.json()
    assert api.post(url, {**body, "token": "nope"}, format="json").status_code == 400
    assert Response.objects.count() == 1


def test_public_submit_is_rate_limited(world, settings):
    settings.RATE_LIMIT_SUBMIT = 2
    survey = make_survey(world.bach_sam)
    api = APIClient()
    url = f"/api/v1/surveys/{survey.pk}/responses/"
    codes = [
        api.post(
            url, {"token": survey.points.get().token, "device": f"d{i}", "answers": GOOD}, format="json"
        ).status_code
        for i in range(3)
    ]
    assert codes == [201, 201, 429]


def test_indices_api(world, province_coordinator):
    survey = make_survey(world.bach_sam)
    api = APIClient()
    api.force_authenticate(province_coordinator)
    token = survey.points.get().token
    for i in range(3):
        body = {"token": token, "device": f"d{i}", "answers": GOOD}
        APIClient().post(f"/api/v1/surveys/{survey.pk}/responses/", body, format="json")
    body = api.get(f"/api/v1/surveys/{survey.pk}/indices/?by=factor").json()
    assert body["responses"] == 3 and len(body["rows"]) == 5
    points = api.get(f"/api/v1/surveys/{survey.pk}/indices/?by=point").json()
    assert points["rows"][0]["ranked"] is False
    assert api.get(f"/api/v1/surveys/{survey.pk}/indices/?by=nonsense").status_code == 400
