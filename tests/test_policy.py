"""The policy: scope by role and subtree, model-level and object-level decisions."""

from chiso.accounts.models import User
from chiso.core.permissions import policy
from chiso.units.models import AdministrativeUnit, Agency


def names(qs):
    return sorted(qs.values_list("name", flat=True))


def test_district_coordinator_sees_the_town_and_its_wards(world, district_coordinator):
    visible = policy.scope(district_coordinator, "view", Agency.objects.all())
    assert world.vp_bach_sam in visible and world.vp_pck in visible and world.phong_noi_vu in visible
    assert world.so_noi_vu not in visible
    assert world.noi_vu_vinh_chau not in visible


def test_commune_officer_cannot_see_the_neighbouring_ward(world, commune_officer):
    assert policy.can(commune_officer, "view", world.vp_bach_sam)
    assert not policy.can(commune_officer, "view", world.vp_pck)


def test_only_coordinators_change_agencies_in_their_subtree(
    world, district_coordinator, commune_officer, other_province_officer
):
    assert policy.can(district_coordinator, "change", world.vp_bach_sam)
    assert not policy.can(commune_officer, "change", world.vp_bach_sam)
    assert not policy.can(other_province_officer, "change", world.vp_bach_sam)
    assert policy.can(district_coordinator, "add", Agency, unit=world.bach_sam)
    assert not policy.can(district_coordinator, "add", Agency, unit=world.hung_yen)


def test_units_are_public_but_only_administrators_change_them(world, province_coordinator, admin_user):
    from django.contrib.auth.models import AnonymousUser

    assert policy.can(AnonymousUser(), "view", world.bach_sam)
    assert policy.scope(AnonymousUser(), "view", AdministrativeUnit.objects.all()).count() == 6
    assert not policy.can(province_coordinator, "change", world.bach_sam)
    assert policy.can(admin_user, "change", world.bach_sam)


def test_anonymous_sees_no_agency_or_person(world):
    from django.contrib.auth.models import AnonymousUser

    assert not policy.scope(AnonymousUser(), "view", Agency.objects.all()).exists()
    assert not policy.scope(AnonymousUser(), "view", User.objects.all()).exists()


def test_people_are_scoped_and_listed_once(world, district_coordinator, commune_officer, leader):
    visible = policy.scope(district_coordinator, "view", User.objects.all())
    assert list(visible).count(commune_officer) == 1
    # a commune officer sees the people of their ward and themself, not the town's coordinator
    seen_by_officer = policy.scope(commune_officer, "view", User.objects.all())
    assert commune_officer in seen_by_officer and leader in seen_by_officer
    assert district_coordinator not in seen_by_officer


def test_inactive_membership_grants_nothing(world, commune_officer):
    commune_officer.memberships.update(is_active=False)
    commune_officer = User.objects.get(pk=commune_officer.pk)  # fresh object: the role cache is per object
    assert not policy.can(commune_officer, "view", world.vp_bach_sam)


def test_scope_query_count_does_not_grow_with_memberships(world, district_coordinator, django_assert_num_queries):
    from chiso.accounts.tests.factories import MembershipFactory

    for agency in (world.vp_bach_sam, world.vp_pck, world.thanh_tra):
        MembershipFactory(user=district_coordinator, agency=agency, role="coordinator")
    user = User.objects.get(pk=district_coordinator.pk)
    with django_assert_num_queries(2):  # one for the roles, one for the rows
        list(policy.scope(user, "view", Agency.objects.all()))
