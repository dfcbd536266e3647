"""Generic record services: audit in the same transaction, stale writes refused, scope re-checked."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chiso.core.audit import history_for
from chiso.core.models import AuditEntry
from chiso.core.services import ConflictError, create_object, delete_object, update_object
from chiso.units.models import Agency


def test_create_records_who_and_what(world, district_coordinator):
    agency = Agency(name="Phòng Tư pháp", kind=Agency.Kind.OFFICE, unit=world.my_hao)
    create_object(agency, actor=district_coordinator)
    entry = history_for(agency).get()
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.actor == district_coordinator
    assert entry.after["name"] == "Phòng Tư pháp"


def test_update_records_before_and_after(world, district_coordinator):
    agency = Agency.objects.get(pk=world.thanh_tra.pk)
    agency.phone = "0221 3943 123"
    update_object(agency, actor=district_coordinator, loaded_version=1)
    entry = history_for(agency).get()
    assert ("phone", "", "0221 3943 123") in [(str(k), o, n) for k, o, n in entry.changes()] or entry.after["phone"]
    assert entry.before["phone"] == "" and entry.after["phone"] == "0221 3943 123"
    assert Agency.objects.get(pk=agency.pk).version == 2


def test_second_writer_gets_a_conflict(world, district_coordinator, province_coordinator):
    # given: two coordinators open the same agency at version 1
    first = Agency.objects.get(pk=world.thanh_tra.pk)
    second = Agency.objects.get(pk=world.thanh_tra.pk)
    first.phone = "111"
    update_object(first, actor=district_coordinator, loaded_version=1)
    # when: the second saves with the version they loaded
    second.phone = "222"
    with pytest.raises(ConflictError):
        update_object(second, actor=province_coordinator, loaded_version=1)
    # then: the first write stands
    assert Agency.objects.get(pk=world.thanh_tra.pk).phone == "111"


def test_cannot_move_a_record_out_of_ones_subtree(world, district_coordinator):
    agency = Agency.objects.get(pk=world.thanh_tra.pk)
    agency.unit = world.soc_trang
    with pytest.raises(PermissionDenied):
        update_object(agency, actor=district_coordinator, loaded_version=agency.version)
    assert Agency.objects.get(pk=agency.pk).unit == world.my_hao
    assert not history_for(agency).exists()  # the audit entry went with the rolled-back transaction


def test_delete_keeps_a_readable_trace(world, admin_user):
    agency = world.mttq
    pk = agency.pk
    delete_object(agency, actor=admin_user)
    entry = AuditEntry.objects.get(object_id=str(pk), action=AuditEntry.Action.DELETE)
    assert entry.object_repr == "Ủy ban MTTQ Việt Nam thị xã"
    assert entry.before["name"] == "Ủy ban MTTQ Việt Nam thị xã"


def test_an_edit_without_the_version_it_loaded_is_refused(world, district_coordinator):
    # given: an edit that does not say which version it started from (an API client or a hand-made form)
    agency = Agency.objects.get(pk=world.thanh_tra.pk)
    agency.phone = "0221 3943 999"
    # when / then: refused with a clear message, nothing saved (it could overwrite someone else's work)
    with pytest.raises(ValidationError) as refused:
        update_object(agency, actor=district_coordinator)
    assert refused.value.code == "no_version"
    with pytest.raises(ValidationError):
        update_object(agency, actor=district_coordinator, loaded_version="abc")
    assert Agency.objects.get(pk=agency.pk).phone == ""


def test_the_edit_page_without_a_version_shows_the_error_and_keeps_the_input(client, world, district_coordinator):
    from django.urls import reverse

    client.force_login(district_coordinator)
    data = {"name": "Thanh tra thị xã Mỹ Hào", "kind": "office", "unit": world.my_hao.pk, "is_active": "on"}
    response = client.post(reverse("units:agency_edit", args=[world.thanh_tra.pk]), data)
    assert response.status_code == 400
    assert "Thanh tra thị xã Mỹ Hào" in response.content.decode()
    assert Agency.objects.get(pk=world.thanh_tra.pk).name == "Thanh tra thị xã"
