"""Generic record changes used by the CRUD screens of reference data: create, update, delete.

Each runs in one transaction: permission check, stale-write check, save, audit entry, and a re-check that
the record is still inside the actor's scope (a coordinator may not move an agency out of their subtree).
Domain apps with state machines (plans, reports) write their own services; these cover plain records.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .audit import record_change, snapshot
from .models import AuditEntry
from .permissions import policy


class ConflictError(ValidationError):
    """Someone else saved the record after this form was loaded."""


def _ensure_in_scope(obj, *, actor, action):
    if not policy.can(actor, action, obj):
        raise PermissionDenied(_("This change would put the record outside the units you manage."))


@transaction.atomic
def create_object(obj, *, actor, m2m_form=None):
    """Save a new record after checking the actor may add it; audit it."""
    policy.require(actor, "add", obj.__class__)
    obj.full_clean()
    obj.save()
    if m2m_form is not None:
        m2m_form.save_m2m()
    _ensure_in_scope(obj, actor=actor, action="add")
    record_change(obj, AuditEntry.Action.CREATE, actor, None, snapshot(obj))
    return obj


@transaction.atomic
def update_object(obj, *, actor, loaded_version=None, m2m_form=None):
    """Save changes to an existing record; refuse a stale write (the version the form loaded is old)."""
    model = obj.__class__
    current = model._default_manager.select_for_update().get(pk=obj.pk)
    policy.require(actor, "change", current)
    if loaded_version is not None and hasattr(current, "version") and int(loaded_version) != current.version:
        raise ConflictError(
            _(
                "Someone else saved this record after you opened it (by %(who)s). "
                "Your changes are kept below: review them against the latest version and save again."
            )
            % {"who": _last_editor(current)},
            code="conflict",
        )
    before = snapshot(current)
    obj.full_clean()
    if hasattr(obj, "version"):
        obj.version = current.version + 1
    obj.save()
    if m2m_form is not None:
        m2m_form.save_m2m()
    _ensure_in_scope(obj, actor=actor, action="change")
    record_change(obj, AuditEntry.Action.UPDATE, actor, before, snapshot(obj))
    return obj


def _last_editor(obj) -> str:
    from .audit import history_for

    entry = history_for(obj).first()
    if entry and entry.actor:
        return str(entry.actor)
    return _("another user")


@transaction.atomic
def delete_object(obj, *, actor):
    policy.require(actor, "delete", obj)
    before = snapshot(obj)
    pk = obj.pk
    record_change(obj, AuditEntry.Action.DELETE, actor, before, None)
    obj.delete()
    obj.pk = pk
    return obj

