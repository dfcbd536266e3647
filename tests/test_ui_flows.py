"""Cross-app behaviour of the UI: editing with history, conflicts, bad input, login, language, errors."""

import pytest
from django.test import override_settings
from django.urls import reverse

from chiso.units.models import Agency


def test_edit_then_history_tab_shows_who_and_what(client, world, district_coordinator):
    # given: the town's coordinator edits an agency of the town
    client.force_login(district_coordinator)
    agency = world.thanh_tra
    url = reverse("units:agency_edit", args=[agency.pk])
    form = client.get(url)
    assert form.status_code == 200
    # when: they change the phone number
    response = client.post(
        url,
        {
            "name": agency.name,
            "kind": agency.kind,
            "unit": agency.unit_id,
            "phone": "0221 3943 123",
            "is_active": "on",
            "loaded_version": agency.version,
        },
    )
    assert response.status_code == 302
    # then: the history tab shows them, the time, and the change
    history = client.get(reverse("units:agency_history", args=[agency.pk])).content.decode()
    assert "District Coordinator" in history
    assert "0221 3943 123" in history


def test_stale_form_gets_a_conflict_and_keeps_what_was_typed(client, world, district_coordinator):
    client.force_login(district_coordinator)
    agency = world.thanh_tra
    url = reverse("units:agency_edit", args=[agency.pk])
    data = {"name": agency.name, "kind": agency.kind, "unit": agency.unit_id, "is_active": "on"}
    client.post(url, {**data, "phone": "111", "loaded_version": 1})
    response = client.post(url, {**data, "phone": "222-typed-by-second", "loaded_version": 1})
    assert response.status_code == 409
    html = response.content.decode()
    assert "222-typed-by-second" in html
    # both versions side by side: what was saved meanwhile and what this writer typed
    assert '<td class="diff-old">111</td>' in html and '<td class="diff-new">222-typed-by-second</td>' in html
    assert Agency.objects.get(pk=agency.pk).phone == "111"


def add_agency(client, user, unit, **values):
    """The agency form posted by `user` for an agency of `unit`."""
    client.force_login(user)
    return client.post(reverse("units:agency_add"), {"unit": unit.pk, **values})


def test_bad_value_marks_the_field_and_keeps_the_rest(client, world, district_coordinator):
    values = {"name": "Phòng Văn hóa và Thông tin", "kind": "nonsense", "email": "not-an-email"}
    response = add_agency(client, district_coordinator, world.my_hao, **values)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Phòng Văn hóa và Thông tin" in html
    assert "invalid-feedback" in html
    assert not Agency.objects.filter(name="Phòng Văn hóa và Thông tin").exists()


def test_duplicate_agency_name_in_a_unit_is_refused_clearly(client, world, district_coordinator):
    values = {"name": "Thanh tra thị xã", "kind": "office", "is_active": "on"}
    response = add_agency(client, district_coordinator, world.my_hao, **values)
    assert response.status_code == 400
    assert Agency.objects.filter(name="Thanh tra thị xã").count() == 1


def test_text_is_stored_nfc(client, world, district_coordinator):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Phòng Tư pháp")
    add_agency(client, district_coordinator, world.my_hao, name=decomposed, kind="office", is_active="on")
    assert Agency.objects.filter(name="Phòng Tư pháp").exists()


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_login_is_throttled_after_repeated_failures(client, world, commune_officer):
    from django.core.cache import cache

    cache.clear()
    url = reverse("accounts:login")
    for _ in range(3):
        response = client.post(url, {"username": "commune_officer", "password": "wrong"})
        assert response.status_code == 200
    # even the right password is refused now
    response = client.post(url, {"username": "commune_officer", "password": "matkhau-thu-nghiem"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    cache.clear()
    response = client.post(url, {"username": "commune_officer", "password": "matkhau-thu-nghiem"})
    assert response.status_code == 302


def test_login_failure_message_is_vietnamese(client, db):
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()


def test_switch_language_to_english_and_back(client, db):
    response = client.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert 'lang="en"' in client.get("/").content.decode()
    client.post(reverse("core:set_language"), {"language": "vi", "next": "/"})
    assert 'lang="vi"' in client.get("/").content.decode()


def test_unknown_url_is_a_404_page_not_a_traceback(client, db):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "<html" in response.content.decode()


def test_api_unknown_object_is_json(client, db):
    response = client.get("/api/v1/units/999999/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_outside_subtree_is_404(client, world, commune_officer):
    client.force_login(commune_officer)
    assert client.get(reverse("units:agency_detail", args=[world.vp_pck.pk])).status_code == 404


def test_switching_membership(client, world, commune_officer):
    from chiso.accounts.tests.factories import MembershipFactory

    other = MembershipFactory(user=commune_officer, agency=world.vp_pck, role="officer")
    client.force_login(commune_officer)
    html = client.get("/").content.decode()
    assert 'id="membership-switch"' in html
    client.post(reverse("accounts:switch_membership"), {"membership": other.pk, "next": "/"})
    html = client.get("/").content.decode()
    assert f'value="{other.pk}" selected' in html


def test_switching_to_someone_elses_membership_is_ignored(client, world, commune_officer, leader):
    client.force_login(commune_officer)
    theirs = leader.memberships.get()
    client.post(reverse("accounts:switch_membership"), {"membership": theirs.pk, "next": "https://evil.example/"})
    assert client.session.get("chiso_membership_id") is None


@pytest.mark.parametrize("path", ["/", "/units/", "/papi/"])
def test_public_pages_need_no_login(client, db, path):
    assert client.get(path).status_code == 200


def test_token_auth(client, world, commune_officer):
    response = client.post("/api/v1/auth/token/", {"username": "commune_officer", "password": "matkhau-thu-nghiem"})
    assert response.status_code == 200
    token = response.json()["token"]
    api = client.__class__()
    listed = api.get("/api/v1/agencies/", HTTP_AUTHORIZATION=f"Token {token}")
    assert listed.status_code == 200
    assert {a["name"] for a in listed.json()["results"]} == {"UBND phường Bạch Sam", "Văn phòng - Thống kê"}
    bad = client.post("/api/v1/auth/token/", {"username": "commune_officer", "password": "sai"})
    assert bad.status_code == 400


def test_openapi_schema_is_served(client, db):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"openapi: 3" in response.content
