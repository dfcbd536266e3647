"""Plans of the current units (issue 14): since 1/7/2025 there is no district level and the old communes were merged.
A unit that ceased on 30/6/2025 keeps its plans of 2025 and earlier (history, old documents), but a plan of a later
year — made on the page, through the API, derived from an upper plan or copied — is refused with the units that took
over; the new-plan picker offers the units in office."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from chiso.imports import services as imports
from chiso.imports.tests.conftest import PHUNG_CHI_KIEN
from chiso.plans import services
from chiso.plans.forms import PlanForm
from chiso.plans.models import Plan
from chiso.plans.tests.factories import PlanFactory
from chiso.units.models import AdministrativeUnit, UnitSuccession
from chiso.units.tests.factories import AgencyFactory, UnitFactory

L = AdministrativeUnit.Level
LAST_DAY = dt.date(2025, 6, 30)


@pytest.fixture
def reformed(world):
    """The test world's town and wards ended on 30/6/2025; Bạch Sam and Phùng Chí Kiên merged into the current
    Phường Mỹ Hào of the new Tỉnh Hưng Yên."""
    old_units = (world.hung_yen, world.my_hao, world.bach_sam, world.phung_chi_kien)
    AdministrativeUnit.objects.filter(pk__in=[u.pk for u in old_units]).update(valid_to=LAST_DAY)
    for unit in old_units:
        unit.refresh_from_db()
    province = UnitFactory(
        era="current", code="33", name="Tỉnh Hưng Yên", kind="Tỉnh", level=L.PROVINCE, valid_from=dt.date(2025, 7, 1)
    )
    ward = UnitFactory(
        era="current",
        code="12103",
        name="Phường Mỹ Hào",
        kind="Phường",
        level=L.COMMUNE,
        parent=province,
        valid_from=dt.date(2025, 7, 1),
    )
    for old in (world.bach_sam, world.phung_chi_kien):
        UnitSuccession.objects.create(predecessor=old, successor=ward)
    world.new_hung_yen, world.new_my_hao = province, ward
    world.ubnd_new_my_hao = AgencyFactory(name="UBND phường Mỹ Hào", unit=ward, kind="committee")
    return world


def _draft(unit, year):
    return Plan(unit=unit, year=year, title=f"Kế hoạch nâng cao Chỉ số PAPI {unit.name} năm {year}")


def test_a_town_abolished_in_2025_gets_no_2026_plan_and_hears_who_took_over(reformed, admin_user):
    with pytest.raises(ValidationError) as refused:
        services.create_plan(_draft(reformed.my_hao, 2026), actor=admin_user)
    assert refused.value.error_dict["unit"][0].code == "unit_ended"
    # a district has no successor of its own: those of its communes are named
    message = refused.value.message_dict["unit"][0]
    assert "Thị xã Mỹ Hào" in message and "01/07/2025" in message and "Phường Mỹ Hào" in message
    with translation.override("vi"), pytest.raises(ValidationError) as in_vietnamese:
        services.create_plan(_draft(reformed.bach_sam, 2026), actor=admin_user)
    assert in_vietnamese.value.message_dict["unit"] == [
        "Phường Bạch Sam đã kết thúc hoạt động từ 01/07/2025; đề nghị lập kế hoạch cho đơn vị kế thừa: Phường Mỹ Hào."
    ]
    assert not Plan.objects.filter(year=2026).exists()


def test_plans_of_2025_and_earlier_stay_possible_for_the_old_units(reformed, admin_user):
    for year in (2024, 2025):
        plan = services.create_plan(_draft(reformed.my_hao, year), actor=admin_user)
        assert plan.pk and plan.unit == reformed.my_hao
    assert services.create_plan(_draft(reformed.new_my_hao, 2026), actor=admin_user).pk


def test_a_draft_moved_to_2026_or_to_an_ended_unit_is_refused(reformed, admin_user):
    plan = services.create_plan(_draft(reformed.my_hao, 2025), actor=admin_user)
    edited = Plan.objects.get(pk=plan.pk)
    edited.year = 2026
    with pytest.raises(ValidationError) as refused:
        services.update_plan(edited, actor=admin_user, loaded_version=edited.version)
    assert refused.value.error_dict["unit"][0].code == "unit_ended"
    # an unrelated edit of a 2025 plan of the old town is still allowed
    edited = Plan.objects.get(pk=plan.pk)
    edited.title = "Kế hoạch (sửa)"
    services.update_plan(edited, actor=admin_user, loaded_version=edited.version)


def test_no_lower_plan_is_derived_for_an_ended_unit_from_a_2026_plan(reformed, admin_user):
    province_2026 = PlanFactory(
        unit=reformed.hung_yen, year=2026, status=Plan.Status.ISSUED, code="1/KH", issued_on=dt.date(2026, 1, 5)
    )
    with pytest.raises(ValidationError) as refused:
        services.create_plan_from_parent(province_2026, actor=admin_user, unit=reformed.my_hao)
    assert refused.value.error_dict["unit"][0].code == "unit_ended"
    province_2025 = PlanFactory(
        unit=reformed.hung_yen, year=2025, status=Plan.Status.ISSUED, code="2/KH", issued_on=dt.date(2025, 1, 5)
    )
    assert services.create_plan_from_parent(province_2025, actor=admin_user, unit=reformed.my_hao).year == 2025


def test_a_2025_plan_of_an_ended_unit_is_not_copied_into_2026(client, reformed, admin_user):
    old = PlanFactory(unit=reformed.my_hao, year=2025, status=Plan.Status.ISSUED, code="3/KH")
    with pytest.raises(ValidationError) as refused:
        services.copy_plan(old, actor=admin_user, year=2026)
    assert refused.value.error_dict["year"][0].code == "unit_ended"
    client.force_login(admin_user)
    response = client.post(reverse("plans:plan_copy", args=[old.pk]), {"year": "2026"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert "đề nghị lập kế hoạch cho đơn vị kế thừa: Phường Mỹ Hào" in response.content.decode()
    assert not Plan.objects.filter(year=2026).exists()


def test_the_page_and_the_api_give_the_same_refusal(client, reformed, admin_user):
    data = {"unit": reformed.my_hao.pk, "year": 2026, "title": "Kế hoạch PAPI", "child_deadline_days": 15}
    client.force_login(admin_user)
    page = client.post(reverse("plans:plan_add"), data, HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 400
    assert "Thị xã Mỹ Hào đã kết thúc hoạt động từ 01/07/2025" in page.content.decode()
    api = APIClient()
    api.force_authenticate(admin_user)
    answer = api.post("/api/v1/plans/", data, format="json")
    assert answer.status_code == 400 and "Phường Mỹ Hào" in str(answer.json())
    assert not Plan.objects.filter(year=2026).exists()


def test_the_new_plan_picker_offers_units_in_office_current_first(client, reformed, admin_user):
    offered = str(PlanForm(user=admin_user)["unit"])  # an administrator's few: the provinces
    assert "Tỉnh Hưng Yên</option>" in offered and "Tỉnh Hưng Yên (" not in offered
    assert offered.index("Tỉnh Hưng Yên") < offered.index("Tỉnh Sóc Trăng")  # current first
    client.force_login(admin_user)
    found = client.get(reverse("units:unit_pick", args=["plan-unit"]), {"unit__q": "my hao"}).content.decode()
    assert "Phường Mỹ Hào" in found and "Thị xã Mỹ Hào" not in found
    # a ceased unit's name offers its successor, saying why; a wrong code says nothing matches
    with translation.override("vi"):
        ended = client.get(reverse("units:unit_pick", args=["plan-unit"]), {"unit__q": "bach sam"}).content.decode()
        wrong = client.get(reverse("units:unit_pick", args=["plan-unit"]), {"unit__q": "99999"}).content.decode()
    assert "Phường Bạch Sam đã kết thúc hoạt động từ 01/07/2025" in ended and "Phường Mỹ Hào" in ended
    assert "Không có đơn vị nào có mã hoặc tên “99999”" in wrong
    # a saved 2025 plan of the old town still shows its unit
    old = PlanFactory(unit=reformed.my_hao, year=2025)
    assert "Thị xã Mỹ Hào" in str(PlanForm(instance=old, user=admin_user)["unit"])


def test_the_cascade_offers_no_derivation_for_an_ended_unit(client, reformed, admin_user):
    province_2026 = PlanFactory(
        unit=reformed.hung_yen, year=2026, status=Plan.Status.ISSUED, code="1/KH", issued_on=dt.date(2026, 1, 5)
    )
    client.force_login(admin_user)
    page = client.get(reverse("plans:plan_cascade", args=[province_2026.pk])).content.decode()
    assert reverse("plans:plan_derive", args=[province_2026.pk]) not in page


def test_an_old_document_is_imported_for_its_old_unit_but_not_as_a_2026_plan(reformed, admin_user):
    record = imports.start_import(
        unit=reformed.phung_chi_kien, actor=admin_user, name="001.txt", data=PHUNG_CHI_KIEN.read_bytes()
    )
    with pytest.raises(ValidationError) as refused:
        imports.confirm_import(
            record, actor=admin_user, choices={}, loaded_version=record.version, edits={"year": 2026}
        )
    assert refused.value.error_dict["unit"][0].code == "unit_ended"
    record.refresh_from_db()
    plan = imports.confirm_import(record, actor=admin_user, choices={}, loaded_version=record.version)
    assert plan.unit == reformed.phung_chi_kien and plan.year == 2025
