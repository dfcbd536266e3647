"""Plans: what a write may name is checked by the service (issue 11), and progress is listed by the policy's rule."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from chiso.citizens.tests.factories import DialogueFactory, add_commitment
from chiso.core.services import update_object
from chiso.plans import services
from chiso.plans.models import Plan, Task, TaskAgency
from chiso.plans.tests.factories import PlanFactory, TaskFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def refused_on(exc_info, field):
    return exc_info.value.error_dict[field][0].code


def test_a_task_is_led_from_the_plans_subtree_and_coordinated_from_it_or_above(world, town_plan, district_coordinator):
    task = town_plan.tasks.get(number="1")
    # the province's office may coordinate the town's task, not lead it; Sóc Trăng's may do neither
    with pytest.raises(ValidationError) as lead:
        services.set_task_agencies(task, actor=district_coordinator, lead=[world.so_noi_vu], coordinating=[])
    assert refused_on(lead, "lead") == "not_usable"
    with pytest.raises(ValidationError) as far:
        services.set_task_agencies(
            task, actor=district_coordinator, lead=[world.ubnd_bach_sam], coordinating=[world.noi_vu_vinh_chau]
        )
    assert refused_on(far, "coordinating") == "not_usable"
    services.set_task_agencies(
        task, actor=district_coordinator, lead=[world.ubnd_bach_sam], coordinating=[world.so_noi_vu]
    )
    assert set(task.agency_links.values_list("agency_id", "role")) == {
        (world.ubnd_bach_sam.pk, TaskAgency.Role.LEAD),
        (world.so_noi_vu.pk, TaskAgency.Role.COORDINATING),
    }


def test_a_task_sits_under_a_heading_of_its_own_plan(world, town_plan, district_coordinator):
    other = PlanFactory(unit=world.my_hao, year=2025)
    heading = TaskFactory(plan=other)
    task = town_plan.tasks.get(number="1")
    task.group = heading
    with pytest.raises(ValidationError) as refused:
        services.set_task_agencies(task, actor=district_coordinator, lead=[world.ubnd_bach_sam], coordinating=[])
    assert refused_on(refused, "group") == "not_usable"


def test_a_plan_names_its_own_committee_and_an_issued_plan_above(world, town_plan, district_coordinator):
    # given: a ward's draft, edited by the town's coordinator
    ward = PlanFactory(unit=world.bach_sam, year=2025)
    other_province_plan = PlanFactory(
        unit=world.soc_trang, status=Plan.Status.ISSUED, code="1/KH", issued_on=dt.date(2025, 1, 2)
    )
    from chiso.units.models import Agency

    ubnd_vinh_chau = Agency.objects.create(name="UBND thị xã Vĩnh Châu", unit=world.vinh_chau, kind="committee")
    for field, value in (
        ("parent", other_province_plan),
        ("parent", PlanFactory(unit=world.my_hao, year=2025)),  # a draft above: not issued
        ("issuer", ubnd_vinh_chau),
        ("issuer", world.ubnd_tinh),  # a committee, but not the ward's
    ):
        edited = Plan.objects.get(pk=ward.pk)
        setattr(edited, field, value)
        with pytest.raises(ValidationError) as refused:
            services.update_plan(edited, actor=district_coordinator, loaded_version=edited.version)
        assert refused_on(refused, field) == "not_usable", (field, value)
    edited = Plan.objects.get(pk=ward.pk)
    edited.parent, edited.issuer = town_plan, world.ubnd_bach_sam
    services.update_plan(edited, actor=district_coordinator, loaded_version=edited.version)
    assert Plan.objects.get(pk=ward.pk).parent == town_plan


def test_a_lower_plan_is_derived_only_from_an_issued_plan(world, district_coordinator):
    draft = PlanFactory(unit=world.my_hao, year=2025)
    TaskFactory(plan=draft, lead=[world.ubnd_bach_sam])
    with pytest.raises(ValidationError) as refused:
        services.create_plan_from_parent(draft, actor=district_coordinator, unit=world.bach_sam)
    assert refused.value.code == "not_issued"


def test_progress_is_recorded_for_an_agency_the_author_acts_for(world, town_plan, commune_officer):
    task = TaskFactory(plan=town_plan, lead=[world.vp_bach_sam], coordinating=[world.mttq])
    progress = {"reported_on": dt.date(2025, 3, 1), "description": "Đã niêm yết", "percent": 20, "justification": "x"}
    # the ward officer is no member of the Front: they cannot record progress in its name
    with pytest.raises(ValidationError) as refused:
        services.record_progress(task, actor=commune_officer, agency=world.mttq, **progress)
    assert refused_on(refused, "agency") == "not_usable"
    update = services.record_progress(task, actor=commune_officer, **progress)
    assert update.agency == world.vp_bach_sam


def test_a_dialogue_commitment_is_led_by_an_agency_of_the_dialogues_unit(world, district_coordinator):
    dialogue = DialogueFactory(unit=world.my_hao)
    plan = PlanFactory(unit=world.my_hao, year=2025)
    with pytest.raises(ValidationError) as refused:
        add_commitment(dialogue, district_coordinator, plan, world.noi_vu_vinh_chau, text="Sửa đường")
    assert refused_on(refused, "agency") == "not_usable"
    assert not Task.objects.filter(plan=plan).exists()


def test_generic_edits_check_the_references_they_change(world, district_coordinator):
    # given: a routing rule of the town, edited by the town's coordinator
    from chiso.citizens.models import RoutingRule

    rule = RoutingRule.objects.create(unit=world.my_hao, agency=world.phong_noi_vu)
    rule.agency = world.noi_vu_vinh_chau
    # when / then: pointing it at an agency of another province is refused on the field
    with pytest.raises(ValidationError) as refused:
        update_object(rule, actor=district_coordinator, loaded_version=rule.version)
    assert refused_on(refused, "agency") == "not_usable"
    assert RoutingRule.objects.get(pk=rule.pk).agency == world.phong_noi_vu


# --- progress and evidence are listed by the policy's own rule -----------------------------------------------
@pytest.fixture
def town_progress(world, town_plan, district_coordinator):
    """Progress with evidence on the town's own task, which a ward's officer sees (the ward implements the plan)
    but whose progress and evidence are the town's."""
    task = town_plan.tasks.get(number="2")
    services.record_progress(
        task,
        actor=district_coordinator,
        reported_on=dt.date(2025, 3, 1),
        description="Họp triển khai với các phòng",
        files=[SimpleUploadedFile("bien-ban-hop.pdf", PDF)],
    )
    return task


def test_the_task_page_lists_only_the_progress_the_user_may_read(client, town_progress, commune_officer):
    client.force_login(commune_officer)
    page = client.get(town_progress.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Họp triển khai với các phòng" not in text and "bien-ban-hop.pdf" not in text


def test_the_updates_endpoint_lists_only_the_progress_the_user_may_read(
    town_progress, commune_officer, district_officer
):
    def updates(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
        return client.get(f"/api/v1/tasks/{town_progress.pk}/updates/")

    assert updates(commune_officer).status_code == 200 and updates(commune_officer).json() == []
    # the town's officer reads it with its evidence
    listed = updates(district_officer).json()
    assert [u["description"] for u in listed] == ["Họp triển khai với các phòng"]
    assert [e["name"] for e in listed[0]["evidence"]] == ["bien-ban-hop.pdf"]
