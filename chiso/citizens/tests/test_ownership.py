"""Every item has someone answerable: set-up units, successors of merged units, staffed agencies, the daily check."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chiso.accounts.models import Membership
from chiso.accounts.tests.factories import MembershipFactory, UserFactory
from chiso.citizens import jobs, services
from chiso.citizens.forms import RoutingRuleForm
from chiso.citizens.models import Feedback
from chiso.citizens.tests.factories import FeedbackFactory, category
from chiso.core.audit import history_for
from chiso.notifications.models import Notification
from chiso.units.models import AdministrativeUnit, Agency, UnitSuccession
from chiso.units.tests.factories import AgencyFactory, UnitFactory

D = dt.date
L = AdministrativeUnit.Level
CURRENT = AdministrativeUnit.Era.CURRENT


def staff(agency, role=Membership.Role.OFFICER, username=None):
    user = UserFactory(username=username or f"staff_{agency.pk}_{role}")
    MembershipFactory(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def current(world):
    """The current hierarchy: tỉnh Hưng Yên (current) → phường Đường Hào, successor of Phùng Chí Kiên since
    1/7/2025; the province's Sở Nội vụ has a coordinator, the ward's committee an officer."""

    class C:
        pass

    c = C()
    c.province = UnitFactory(era=CURRENT, code="33", name="Tỉnh Hưng Yên", level=L.PROVINCE)
    c.duong_hao = UnitFactory(era=CURRENT, code="12133", name="Phường Đường Hào", level=L.COMMUNE, parent=c.province)
    c.thuong_hong = UnitFactory(
        era=CURRENT, code="12127", name="Phường Thượng Hồng", level=L.COMMUNE, parent=c.province
    )
    c.so_noi_vu = AgencyFactory(name="Sở Nội vụ", unit=c.province, kind=Agency.Kind.OFFICE)
    c.ubnd = AgencyFactory(name="UBND phường Đường Hào", unit=c.duong_hao, kind=Agency.Kind.COMMITTEE)
    c.coordinator = staff(c.so_noi_vu, Membership.Role.COORDINATOR, "dieu_phoi_tinh")
    c.officer = staff(c.ubnd, Membership.Role.OFFICER, "can_bo_duong_hao")
    UnitSuccession.objects.create(predecessor=world.phung_chi_kien, successor=c.duong_hao)
    UnitSuccession.objects.create(predecessor=world.bach_sam, successor=c.thuong_hong)
    return c


def submit(unit, **overrides):
    values = {"unit": unit, "category": category(), "subject": "Đèn đường hỏng", "text": "Đèn hỏng hai tuần."}
    return services.submit_feedback(**{**values, **overrides})


def test_a_set_up_current_ward_takes_feedback_into_an_answerable_inbox(current):
    item = submit(current.duong_hao)
    assert item.unit == current.duong_hao and item.agency == current.ubnd
    assert not services.unowned().exists()


def test_a_legacy_ward_sends_new_feedback_to_its_successor(world, current):
    item = submit(world.phung_chi_kien)
    assert item.unit == current.duong_hao and item.agency == current.ubnd


def test_a_unit_without_staff_forwards_to_the_nearest_set_up_unit_above(world, current, settings):
    # given: Thượng Hồng (Bạch Sam's successor) has no agency with staff; the province has
    settings.CHISO_FEEDBACK_UNSET_UNITS = "forward"
    intake = services.intake_for(world.bach_sam)
    assert intake.successor == current.thuong_hong and intake.forwarded and intake.unit == current.province
    # then: the item is filed under the province, with its Sở Nội vụ
    item = submit(world.bach_sam)
    assert item.unit == current.province and item.agency == current.so_noi_vu


def test_a_unit_without_staff_refuses_with_a_pointer_when_so_set(client, world, current, settings):
    settings.CHISO_FEEDBACK_UNSET_UNITS = "refuse"
    with pytest.raises(ValidationError) as exc:
        submit(current.thuong_hong)
    assert exc.value.code == "not_set_up" and "Tỉnh Hưng Yên" in exc.value.messages[0]
    assert Feedback.objects.count() == 0
    # the portal says so, with no form, and points to the unit above
    page = client.get(reverse("citizens:feedback_submit", args=["12127"])).content.decode()
    assert 'id="intake-notice"' in page and "Tỉnh Hưng Yên" in page and 'name="subject"' not in page
    assert reverse("citizens:feedback_submit", args=["33"]) in page


def test_nobody_anywhere_refuses_without_a_pointer(world, settings):
    lonely = UnitFactory(era=CURRENT, code="99999", name="Xã Không Người", level=L.COMMUNE)
    AgencyFactory(name="UBND xã Không Người", unit=lonely, kind=Agency.Kind.COMMITTEE)
    with pytest.raises(ValidationError) as exc:
        submit(lonely)
    assert exc.value.code == "not_set_up"


def test_routing_passes_over_a_rule_whose_agency_has_no_staff(world):
    from chiso.citizens.models import RoutingRule

    RoutingRule.objects.create(unit=world.bach_sam, agency=world.thanh_tra)  # inspectors only: nobody acting
    assert submit(world.bach_sam).agency == world.ubnd_bach_sam


def test_a_routing_rule_to_an_agency_without_staff_is_refused(world, district_coordinator):
    form = RoutingRuleForm(
        {"unit": world.bach_sam.pk, "agency": world.mttq.pk, "category": ""}, user=district_coordinator
    )
    assert not form.is_valid() and "agency" in form.errors
    assert form.errors.as_data()["agency"][0].code == "no_staff"


def test_a_transfer_to_an_agency_without_staff_is_refused(world, commune_officer):
    item = submit(world.bach_sam)
    # Thanh tra thị xã has inspectors only; it is not offered, and a direct call is refused
    assert world.thanh_tra not in services.transfer_agencies(item)
    with pytest.raises(ValidationError) as exc:
        services.transfer_feedback(item, actor=commune_officer, agency=world.thanh_tra)
    assert exc.value.error_dict["agency"][0].code == "no_staff"
    # an agency with staff is fine
    services.transfer_feedback(item, actor=commune_officer, agency=world.phong_noi_vu)


def test_daily_check_escalates_items_whose_owner_has_no_active_member(world, district_coordinator):
    # given: an item with no agency (as the old portal stored them) and one whose office lost its last officer
    orphan = FeedbackFactory(unit=world.bach_sam, agency=None)
    item = submit(world.phung_chi_kien)
    assert item.agency == world.vp_pck
    Membership.objects.filter(agency=world.vp_pck).update(is_active=False)
    assert set(services.unowned()) == {orphan, item}
    # when: the daily check runs
    moved = jobs.check_feedback_owners(D(2026, 12, 10))
    # then: both go to the coordinators above (the town's Phòng Nội vụ), who are told; the history says why
    assert moved == 2
    for feedback in (orphan, item):
        feedback.refresh_from_db()
        assert feedback.agency == world.phong_noi_vu
        assert history_for(feedback).filter(event="feedback.escalated").exists()
    assert (
        Notification.objects.filter(recipient=district_coordinator, key__startswith="citizens:escalated").count() == 2
    )
    assert not services.unowned().exists()
    # and a second run finds nothing to do
    assert jobs.check_feedback_owners(D(2026, 12, 11)) == 0


def test_current_units_first_on_the_portal_index(client, world, current):
    body = client.get(reverse("citizens:portal")).content.decode()
    # the current province (code 33) is listed before the legacy one of the same name
    assert body.index('href="/p/33/"') < body.index('href="/p/33/?era=legacy"')


def test_legacy_ward_portal_says_where_it_went_and_keeps_its_history(client, world, current):
    page = client.get(reverse("citizens:portal_unit", args=[world.phung_chi_kien.code])).content.decode()
    assert 'id="merged-notice"' in page
    assert "Phường Đường Hào" in page and reverse("citizens:portal_unit", args=["12133"]) in page
    form = client.get(reverse("citizens:feedback_submit", args=[world.phung_chi_kien.code])).content.decode()
    assert "Phường Đường Hào" in form and 'name="subject"' in form


def test_the_demo_sets_up_the_current_wards_and_leaves_no_item_without_an_owner(world, current):
    from chiso.citizens import demo

    # given: the seeds' officials, and the legacy codes the demo's items are addressed to
    world.phung_chi_kien.code, world.bach_sam.code = "12130", "12124"
    world.phung_chi_kien.save()
    world.bach_sam.save()
    for username, *_rest in demo.ROLES:
        UserFactory(username=username)
    # when: loaded twice
    first = demo.load_demo()
    second = demo.load_demo()
    # then: three items, each with a staffed agency of a current ward; nothing added the second time
    assert first["feedback"] == 3 and second["feedback"] == 0 and second["current roles"] == 0
    assert first["without an answerable owner"] == 0
    assert {item.unit.code for item in Feedback.objects.all()} == {"12133", "12127"}
    assert not services.unowned().exists()


def test_a_submission_costs_four_queries(world, current, django_assert_num_queries):
    """The insert and its audit entry in a savepoint. Who takes the unit's feedback (the successor, whether it is
    set up), the routing and the working-day calendar come from the cache once the first submission has read them
    (their version keys say when they changed)."""
    kind = category()
    services.submit_feedback(unit=world.phung_chi_kien, category=kind, subject="a", text="b")
    with django_assert_num_queries(4):
        services.submit_feedback(unit=world.phung_chi_kien, category=kind, subject="a", text="b")


def test_the_stored_decisions_follow_every_change_they_read(world, current, settings):
    """Who takes a unit's feedback and where it goes are kept between submissions (issue 16), and each change that
    could alter them is seen by the very next submission: a routing rule, a role gained or lost, a person
    deactivated, a new succession, the setting for units without staff."""
    from chiso.citizens.models import RoutingRule

    settings.CHISO_FEEDBACK_UNSET_UNITS = "forward"
    assert submit(current.duong_hao).agency == current.ubnd  # decided, then kept
    # a rule sends the ward's feedback to its office, once the office has somebody
    office = AgencyFactory(name="Văn phòng - Thống kê", unit=current.duong_hao, kind=Agency.Kind.OFFICE)
    clerk = staff(office)
    RoutingRule.objects.create(unit=current.duong_hao, agency=office)
    assert submit(current.duong_hao).agency == office
    # the clerk leaves the office: back to the committee
    clerk.is_active = False
    clerk.save()
    assert submit(current.duong_hao).agency == current.ubnd
    # Thượng Hồng has nobody: forwarded to the province; its first officer sets it up
    assert submit(current.thuong_hong).unit == current.province
    committee = AgencyFactory(name="UBND phường Thượng Hồng", unit=current.thuong_hong, kind=Agency.Kind.COMMITTEE)
    membership = MembershipFactory(user=UserFactory(username="can_bo_thuong_hong"), agency=committee)
    item = submit(current.thuong_hong)
    assert item.unit == current.thuong_hong and item.agency == committee
    # … and loses them again; then the setting says refuse
    membership.delete()
    assert submit(current.thuong_hong).unit == current.province
    settings.CHISO_FEEDBACK_UNSET_UNITS = "refuse"
    with pytest.raises(ValidationError):
        submit(current.thuong_hong)
    # a unit merged away after its first item: the next goes to its successor
    lonely = UnitFactory(era=AdministrativeUnit.Era.LEGACY, code="12199", name="Xã Sáp Nhập", level=L.COMMUNE)
    AgencyFactory(name="UBND xã Sáp Nhập", unit=lonely, kind=Agency.Kind.COMMITTEE)
    with pytest.raises(ValidationError):
        submit(lonely)
    UnitSuccession.objects.create(predecessor=lonely, successor=current.duong_hao)
    assert submit(lonely).unit == current.duong_hao


def test_the_inbox_lists_items_with_nobody_to_answer(client, world, admin_user):
    FeedbackFactory(unit=world.bach_sam, agency=None)
    client.force_login(admin_user)
    body = client.get(reverse("citizens:feedback_list"), {"tab": "unowned"}).content.decode()
    assert "Chưa có người trả lời" in body and "PA-TEST-" in body
