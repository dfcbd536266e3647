"""The unit and agency pickers: search by name or official code (never the database id), scoped by the policy,
and a form that works without JavaScript (issue 14)."""

import pytest
from django.urls import reverse

from chiso.citizens.forms import DialogueForm, ReceptionSessionForm, RoutingRuleForm
from chiso.citizens.tests.factories import category
from chiso.imports.views import UploadForm
from chiso.plans.forms import PlanForm
from chiso.units import pickers
from chiso.units.forms import AgencyForm
from chiso.units.models import AdministrativeUnit, Agency
from chiso.units.tests.factories import AgencyFactory, UnitFactory


def _pick(client, name, q, kind="unit"):
    return client.get(reverse(f"units:{kind}_pick", args=[name]), {f"{kind}__q": q})


def test_label_names_the_district_and_province(world):
    unit = AdministrativeUnit.objects.select_related("parent__parent").get(pk=world.bach_sam.pk)
    assert pickers.unit_label(unit) == "Phường Bạch Sam — Thị xã Mỹ Hào, Hưng Yên (trước 1/7/2025)"


def test_search_ignores_accents_and_puts_current_units_first(world):
    current = UnitFactory(era="current", code="33", name="Tỉnh Hưng Yên", level="province")
    UnitFactory(era="current", code="12100", name="Phường Bạch Sam", level="commune", parent=current)
    found = list(pickers.search_units(AdministrativeUnit.objects.all(), "bach sam"))
    assert [u.era for u in found] == ["current", "legacy"]
    assert [u.era for u in pickers.search_units(AdministrativeUnit.objects.all(), "12100")] == ["current", "legacy"]


@pytest.fixture
def hung_names(world):
    """Current units whose names hold "hưng" and "yên" as a phrase, as words, and only as fragments."""
    current = UnitFactory(era="current", code="33", name="Tỉnh Hưng Yên", level="province")
    nghe_an = UnitFactory(era="current", code="40", name="Tỉnh Nghệ An", level="province")
    return {
        "current": current,
        "hung_nguyen": UnitFactory(era="current", code="17800", name="Xã Hưng Nguyên", level="commune", parent=nghe_an),
        "yen_hung": UnitFactory(era="current", code="17801", name="Xã Yên Hưng", level="commune", parent=nghe_an),
        "city": UnitFactory(  # legacy, and a level below the province: the phrase still puts it before fragments
            era="legacy", code="323", name="Thành phố Hưng Yên", level="district", parent=world.hung_yen
        ),
    }


def test_search_lists_the_phrase_then_whole_words_then_fragments(world, hung_names):
    # when: "hưng yên" is typed, with or without accents
    for typed in ("hưng yên", "HUNG YEN", "  hung   yen "):
        names = [(u.era, u.name) for u in pickers.search_units(AdministrativeUnit.objects.all(), typed)]
        # then: the names holding the phrase come first (current first among them), then the words in another
        # order, and "Xã Hưng Nguyên" ("yen" inside "nguyen") last: found, as people type fragments
        assert names == [
            ("current", "Tỉnh Hưng Yên"),
            ("legacy", "Tỉnh Hưng Yên"),
            ("legacy", "Thành phố Hưng Yên"),
            ("current", "Xã Yên Hưng"),
            ("current", "Xã Hưng Nguyên"),
        ], typed
    # and: a fragment alone still finds its unit; a word at the start or the end of a name counts as whole
    assert [u.name for u in pickers.search_units(AdministrativeUnit.objects.all(), "nguy")] == ["Xã Hưng Nguyên"]
    ranked = {u.name: u.match_rank for u in AdministrativeUnit.objects.search("yen")}
    assert ranked == {"Tỉnh Hưng Yên": 0, "Thành phố Hưng Yên": 0, "Xã Yên Hưng": 0, "Xã Hưng Nguyên": 2}
    # and: "bach sam" and the official code still find Phường Bạch Sam first
    assert pickers.search_units(AdministrativeUnit.objects.all(), "bach sam")[0] == world.bach_sam
    assert list(pickers.search_units(AdministrativeUnit.objects.all(), "12100")) == [world.bach_sam]


def test_unit_list_search_ranks_whole_words_first(client, world, hung_names, province_coordinator):
    client.force_login(province_coordinator)
    body = client.get(reverse("units:administrativeunit_list"), {"q": "hung yen"}).content.decode()
    assert body.index("Thành phố Hưng Yên") < body.index("Xã Yên Hưng") < body.index("Xã Hưng Nguyên")
    # and: browsing without a search keeps the tree's order
    assert client.get(reverse("units:administrativeunit_list"), {"q": "nguyen"}).status_code == 200


def test_a_code_never_matches_a_database_id(world):
    # given: a unit whose database id is typed as if it were a code
    other = UnitFactory(code="99001", name="Xã Thử", level="commune", parent=world.my_hao)
    typed = str(other.pk)
    assert not AdministrativeUnit.objects.filter(code=typed).exists()
    # then: the id finds nothing; the code finds the unit
    assert list(pickers.search_units(AdministrativeUnit.objects.all(), typed)) == []
    assert list(pickers.search_units(AdministrativeUnit.objects.all(), "99001")) == [other]


def test_endpoint_finds_by_name_and_code_within_reach(
    client, world, district_coordinator, django_assert_max_num_queries
):
    client.force_login(district_coordinator)
    # when: the town's coordinator types without accents
    with django_assert_max_num_queries(6):
        response = _pick(client, "agency-unit", "bach sam")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Phường Bạch Sam — Thị xã Mỹ Hào, Hưng Yên" in body
    assert f'value="{world.bach_sam.pk}" selected' in body  # the only match is chosen
    # and: the official code finds the ward; a wrong code finds nothing, and says so
    assert "Phường Bạch Sam" in _pick(client, "agency-unit", "12100").content.decode()
    missing = _pick(client, "agency-unit", "99999").content.decode()
    assert "Không có đơn vị nào có mã hoặc tên “99999”" in missing
    assert '<option value="' + str(world.bach_sam.pk) not in missing
    # and: a unit of another province is out of reach
    assert "Vĩnh Châu" not in _pick(client, "agency-unit", "vinh chau").content.decode()


def test_agency_endpoint_groups_by_unit(client, world, district_coordinator, django_assert_max_num_queries):
    client.force_login(district_coordinator)
    with django_assert_max_num_queries(6):
        body = _pick(client, "agency-parent", "van phong", kind="agency").content.decode()
    # both wards' posts, each under its ward's name
    assert 'optgroup label="Phường Bạch Sam — Thị xã Mỹ Hào, Hưng Yên' in body
    assert 'optgroup label="Phường Phùng Chí Kiên — Thị xã Mỹ Hào, Hưng Yên' in body
    assert "Phòng Nội vụ" not in body


def test_endpoint_refuses_anonymous_and_unknown_pickers(client, world, district_coordinator):
    assert _pick(client, "agency-unit", "bach").status_code == 302
    client.force_login(district_coordinator)
    assert _pick(client, "no-such-picker", "bach").status_code == 404
    assert _pick(client, "agency-unit", "bach", kind="agency").status_code == 404


def _agency_data(**unit):
    return {"name": "Phòng Tư pháp", "kind": "office", "is_active": "on", **unit}


def test_form_without_javascript_resolves_what_was_typed(world, district_coordinator):
    # given: the form posted with the search box only (no JavaScript chose an option)
    form = AgencyForm(_agency_data(unit__q="12100"), user=district_coordinator)
    # then: the ward's official code is the ward
    assert form.is_valid(), form.errors
    assert form.cleaned_data["unit"] == world.bach_sam


def test_form_explains_a_wrong_code_and_keeps_it(world, district_coordinator):
    form = AgencyForm(_agency_data(unit__q="747"), user=district_coordinator)
    assert not form.is_valid()
    assert "Không có đơn vị nào có mã hoặc tên “747”" in form.errors["unit"][0]
    assert 'value="747"' in str(form["unit"])


def test_form_offers_the_matches_of_an_ambiguous_name(world, district_coordinator):
    form = AgencyForm(_agency_data(unit__q="phuong"), user=district_coordinator)
    assert not form.is_valid()
    assert "2 đơn vị" in form.errors["unit"][0]
    html = str(form["unit"])
    assert "Phường Bạch Sam" in html and "Phường Phùng Chí Kiên" in html


def test_form_select_offers_the_relevant_few(world, district_coordinator):
    html = str(AgencyForm(user=district_coordinator)["unit"])
    assert "Thị xã Mỹ Hào" in html and "Phường Bạch Sam" in html
    assert "Vĩnh Châu" not in html and "Tỉnh Hưng Yên" not in html


@pytest.fixture
def ten_wards(world):
    committees = []
    for i in range(10):
        ward = UnitFactory(code=f"1290{i}", name=f"Phường {i + 1}", level="commune", parent=world.vinh_chau)
        committees.append(AgencyFactory(name=f"UBND phường {i + 1}", unit=ward, kind=Agency.Kind.COMMITTEE))
    return committees


def test_multi_picker_keeps_all_communes_as_one_entry(world, ten_wards):
    # given: the town's agencies and its ten wards' committees
    queryset = Agency.objects.filter(unit__path__startswith=world.vinh_chau.path)
    field = pickers.AgencyMultiPickerField(queryset, communes=list(queryset.commune_committees(world.vinh_chau)))
    html = field.widget.render("lead", [pickers.ALL_COMMUNES], attrs={"id": "id_lead"})
    # then: one entry "UBND các xã, phường (10)", checked; each ward's committee under its ward's name
    assert "UBND các xã, phường (10)" in html
    assert 'value="communes" id="id_lead_communes" checked' in html
    assert "Phường 3 — Thị xã Vĩnh Châu" in html
    # and: choosing it means the ten committees; the ten committees fold back into the one entry
    chosen = field.clean([pickers.ALL_COMMUNES, str(world.noi_vu_vinh_chau.pk)])
    assert set(chosen) == {*ten_wards, world.noi_vu_vinh_chau}
    assert field.prepare_initial([a.pk for a in ten_wards] + [world.noi_vu_vinh_chau.pk]) == [
        pickers.ALL_COMMUNES,
        str(world.noi_vu_vinh_chau.pk),
    ]


def test_every_form_with_a_unit_takes_the_official_code(world, district_coordinator):
    """Plans, routing rules, reception sessions, dialogues, plan imports: the unit by its code, never its id."""

    forms = [
        PlanForm({"year": 2025, "title": "Kế hoạch PAPI", "child_deadline_days": 15}, user=district_coordinator),
        RoutingRuleForm({"category": category().pk, "agency": world.vp_bach_sam.pk}, user=district_coordinator),
        ReceptionSessionForm({"leader_name": "Nguyễn Văn A"}, user=district_coordinator),
        DialogueForm({"title": "Đối thoại"}, user=district_coordinator),
        UploadForm({}, user=district_coordinator),
    ]
    for form in forms:
        # given: the ward's code typed in the search box, and a wrong code typed
        form.data = {**form.data, "unit__q": "12100"}
        form.is_valid()
        assert "unit" not in form.errors, (type(form).__name__, form.errors.get("unit"))
        assert form.cleaned_data["unit"] == world.bach_sam
        wrong = type(form)({**form.data, "unit__q": str(world.bach_sam.pk)}, user=district_coordinator)
        wrong.is_valid()
        if str(world.bach_sam.pk) not in ("12100", "12103", "328"):
            assert wrong.errors["unit"][0].startswith("Không có đơn vị nào có mã hoặc tên")


def test_routing_rule_agency_picker_is_limited_to_the_actors_reach(world, district_coordinator):
    form = RoutingRuleForm({"agency__q": "phong noi vu"}, user=district_coordinator)
    form.is_valid()
    # Phòng Nội vụ of Mỹ Hào, not that of Vĩnh Châu (another province)
    assert form.cleaned_data.get("agency") == world.phong_noi_vu


def test_a_forged_or_foreign_value_is_refused_clearly(world, district_coordinator):
    # given: a value no select offered (an id out of reach, or not a number at all)
    for value in (str(world.vinh_chau.pk), "abc"):
        form = AgencyForm(_agency_data(unit=value), user=district_coordinator)
        # then: a message that says what to do, and the page still renders
        assert not form.is_valid()
        assert form.errors["unit"] == [
            "Lựa chọn này không có trong phạm vi của đồng chí. Đồng chí gõ một phần tên hoặc mã vào ô tìm kiếm."
        ]
        assert "Phường Bạch Sam" in str(form["unit"])
