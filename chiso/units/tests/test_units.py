"""Unit tree, search and API on the small world of conftest.py."""

import datetime as dt

from chiso.lib.text import vi_sort_key
from chiso.units.models import AdministrativeUnit
from chiso.units.tests.factories import UnitFactory


def current_tree(world):
    hy = UnitFactory(era="current", code="33", name="Tỉnh Hưng Yên", level="province", valid_from=dt.date(2025, 7, 1))
    ward = UnitFactory(
        era="current",
        code="12127",
        name="Phường Thượng Hồng",
        level="commune",
        parent=hy,
        valid_from=dt.date(2025, 7, 1),
    )
    world.bach_sam.succession_to.create(successor=ward, is_primary=True)
    return hy, ward


def test_subtree_and_validity(world):
    below = AdministrativeUnit.objects.subtree(world.hung_yen, include_self=False)
    assert set(below) == {world.my_hao, world.bach_sam, world.phung_chi_kien}
    hy, ward = current_tree(world)
    assert world.bach_sam.successors.get() == ward and ward.predecessors.get() == world.bach_sam
    world.hung_yen.valid_to = dt.date(2025, 6, 30)
    world.hung_yen.save()
    assert world.hung_yen not in AdministrativeUnit.objects.valid_on(dt.date(2025, 12, 31))
    assert hy in AdministrativeUnit.objects.valid_on(dt.date(2025, 12, 31))


def test_search_ignores_diacritics(world):
    assert list(AdministrativeUnit.objects.search("bach sam")) == [world.bach_sam]
    assert list(AdministrativeUnit.objects.search("PHÙNG chí")) == [world.phung_chi_kien]


def test_vietnamese_order_of_names(world):
    names = sorted(AdministrativeUnit.objects.values_list("name", flat=True), key=vi_sort_key)
    assert names.index("Thị xã Mỹ Hào") < names.index("Thị xã Vĩnh Châu") < names.index("Tỉnh Hưng Yên")


def test_list_browses_provinces_of_a_hierarchy(client, world):
    current_tree(world)
    html = client.get("/units/").content.decode()
    assert "Tỉnh Hưng Yên" in html and "Phường Thượng Hồng" not in html
    legacy = client.get("/units/?era=legacy").content.decode()
    assert "Tỉnh Sóc Trăng" in legacy and "Phường Bạch Sam" not in legacy
    found = client.get("/units/?q=bach+sam").content.decode()
    assert "Phường Bạch Sam" in found and "Thị xã Mỹ Hào" in found  # its parent is shown


def test_htmx_search_returns_the_table_only(client, world):
    response = client.get("/units/?q=bach", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode() and "Phường Bạch Sam" in response.content.decode()


def test_detail_shows_successor_and_children(client, world):
    _hy, ward = current_tree(world)
    html = client.get(world.bach_sam.get_absolute_url()).content.decode()
    assert "Phường Thượng Hồng" in html and "Thị xã Mỹ Hào" in html
    html = client.get(world.my_hao.get_absolute_url()).content.decode()
    assert "Phường Phùng Chí Kiên" in html
    assert client.get("/units/999999/").status_code == 404


def test_api_filters(client, world):
    current_tree(world)
    AdministrativeUnit.objects.legacy().update(valid_to=dt.date(2025, 6, 30))
    data = client.get("/api/v1/units/", {"q": "bach sam"}).json()
    assert data["count"] == 1 and data["results"][0]["name"] == "Phường Bạch Sam"
    data = client.get("/api/v1/units/", {"level": "province", "valid_on": "2025-12-31"}).json()
    assert {r["name"] for r in data["results"]} == {"Tỉnh Hưng Yên"} and data["results"][0]["era"] == "current"
    data = client.get("/api/v1/units/", {"parent": world.my_hao.pk}).json()
    assert {r["name"] for r in data["results"]} == {"Phường Bạch Sam", "Phường Phùng Chí Kiên"}
    bad = client.get("/api/v1/units/", {"valid_on": "31/13/2025"})
    assert bad.status_code == 400 and "valid_on" in bad.json()


def test_agencies_api_is_scoped(client, world, commune_officer):
    assert client.get("/api/v1/agencies/").status_code in (401, 403)
    client.force_login(commune_officer)
    names = {a["name"] for a in client.get("/api/v1/agencies/").json()["results"]}
    assert names == {"UBND phường Bạch Sam", "Văn phòng - Thống kê"}
    assert client.get(f"/api/v1/agencies/{world.vp_pck.pk}/").status_code == 404


def test_list_search_finds_a_unit_by_its_official_code_first(client, world, province_coordinator):
    # given: a ward coded 12130, and a ward whose name holds the digits a province is coded with
    coded = UnitFactory(code="12130", name="Xã Nghĩa Trụ", level="commune", parent=world.my_hao)
    lai_chau = UnitFactory(code="12", name="Tỉnh Lai Châu", level="province")
    named = UnitFactory(code="26734", name="Phường 12", level="commune", parent=world.vinh_chau)
    client.force_login(province_coordinator)
    # when: the official code is typed in the unit list's search box
    body = client.get("/units/", {"q": " 12130 "}).content.decode()
    # then: the unit so coded is found (the name search alone found nothing)
    assert "Xã Nghĩa Trụ" in body and "Phường Bạch Sam" not in body
    # and: an exact code comes before a name that merely holds the digits; the same rule as the pickers'
    assert list(AdministrativeUnit.objects.search("12").order_by("match_rank")) == [lai_chau, named]
    body = client.get("/units/", {"q": "12"}).content.decode()
    assert body.index("Tỉnh Lai Châu") < body.index("Phường 12")
    assert "Xã Nghĩa Trụ" not in body  # a code is matched whole, not as a prefix
    assert list(AdministrativeUnit.objects.search("12130")) == [coded]


def test_search_boxes_say_a_code_is_found_too(client, world, province_coordinator):
    client.force_login(province_coordinator)
    for page in ("/units/", "/"):  # the unit list and the home page's units panel
        assert 'placeholder="ví dụ: bach sam hoặc 12130"' in client.get(page).content.decode(), page
