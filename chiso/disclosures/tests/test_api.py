"""The disclosure API: the same services as the pages, query counts that do not grow with the rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from chiso.disclosures import services
from chiso.disclosures.models import Posting

from .conftest import D, photo, places

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_types_are_public_with_their_legal_basis(rules):
    response = api().get("/api/v1/disclosures/types/")
    assert response.status_code == 200
    row = next(r for r in response.json()["results"] if r["code"] == "ho-ngheo")
    assert "07/2021/NĐ-CP" in row["legal_basis"] and row["places"] == ["committee_office", "village_house"]


def test_record_confirm_and_take_down_through_the_api(world, poor_list, commune_officer):
    client = api(commune_officer)
    response = client.post(
        "/api/v1/disclosures/",
        {
            "duty": poor_list.pk,
            "title": "Danh sách hộ nghèo 2025",
            "places": [{"kind": "committee_office", "name": "Trụ sở", "posted_from": "2025-12-05"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    posting_id, place_id = response.json()["id"], response.json()["places"][0]["id"]
    # confirming without a photo is refused with the service's code
    response = client.post(f"/api/v1/disclosures/{posting_id}/confirm/", {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "no_photo"
    # a file that is not a photo is refused as evidence is
    response = client.post(
        f"/api/v1/disclosures/{posting_id}/photos/",
        {"place": place_id, "file": photo("anh.jpg", b"%PDF-1.4"), "taken_on": "2025-12-05"},
        format="multipart",
    )
    assert response.status_code == 400
    response = client.post(
        f"/api/v1/disclosures/{posting_id}/photos/",
        {"place": place_id, "file": photo(), "taken_on": "2025-12-05"},
        format="multipart",
    )
    assert response.status_code == 201
    assert client.post(f"/api/v1/disclosures/{posting_id}/confirm/", {}, format="json").status_code == 200
    # an end before the start is refused naming the field
    response = client.post(
        f"/api/v1/disclosures/{posting_id}/take-down/", {"place": place_id, "posted_to": "2025-12-01"}, format="json"
    )
    assert response.status_code == 400 and "posted_to" in response.json()
    assert Posting.objects.get().status == "confirmed"


def test_compliance_endpoint(world, posted, district_coordinator):
    response = api(district_coordinator).get(
        "/api/v1/disclosures/compliance/", {"unit": world.my_hao.pk, "period": "2025"}
    )
    data = response.json()
    assert response.status_code == 200 and data["counts"]["taken_down_early"] == 1
    assert [u["name"] for u in data["units"]] == ["Phường Bạch Sam"]
    response = api(district_coordinator).get(
        "/api/v1/disclosures/compliance/", {"unit": world.my_hao.pk, "period": "x"}
    )
    assert response.status_code == 400 and response.json()["code"] == "bad_period"


def test_query_counts_do_not_grow_with_units_and_postings(world, rules, district_coordinator, commune_officer):
    # given: one posted ward; then a second ward with postings too
    services.ensure_duties([world.bach_sam, world.phung_chi_kien], 2025)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = api(district_coordinator).get(
                "/api/v1/disclosures/compliance/", {"unit": world.my_hao.pk, "period": "2025"}
            )
        assert response.status_code == 200
        return len(queries)

    count()  # the token is made on the first call
    before = count()
    for unit in (world.bach_sam, world.phung_chi_kien):
        duty = services.rules_for(unit).get(code="ho-ngheo").duties.get(unit=unit)
        posting = services.record_posting(
            duty, actor=district_coordinator, title="DS", places=places(D(2025, 12, 5)), today=D(2026, 1, 1)
        )
        services.confirm_posting(posting, actor=district_coordinator)
    assert count() == before


def test_posting_list_query_count(django_assert_max_num_queries, poor_list, commune_officer):
    for _ in range(3):
        services.record_posting(
            poor_list, actor=commune_officer, title="DS", places=places(D(2025, 12, 5)), today=D(2026, 1, 1)
        )
    client = api(commune_officer)
    client.get("/api/v1/disclosures/")  # warm the token and the user's memberships
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/disclosures/")
    assert response.json()["count"] == 3


def test_public_list_endpoint(world, rules, commune_officer):
    today = dt.date.today()
    duty = services.record_event(
        unit=world.bach_sam, rule=rules["ket-luan-thanh-tra"], actor=commune_officer, event="KL 12", trigger_on=today
    )
    posting = services.record_posting(
        duty,
        actor=commune_officer,
        title="Kết luận thanh tra 12/KL-TTr",
        places=[{"kind": "committee_office", "posted_from": today, "photo": photo(), "taken_on": today}],
    )
    services.confirm_posting(posting, actor=commune_officer)
    data = api().get(f"/api/v1/disclosures/public/{world.bach_sam.code}/").json()
    assert [p["title"] for p in data["postings"]] == ["Kết luận thanh tra 12/KL-TTr"]
    assert data["postings"][0]["places"][0]["until"] == str(today + dt.timedelta(days=14))
