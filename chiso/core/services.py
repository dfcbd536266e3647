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


def require_version(current, loaded_version, *, conflict):
    """The stale-edit check of every edit: ``loaded_version`` is the version the editor loaded. A write without
    it is refused (it could silently overwrite someone else's work); an old one raises ``ConflictError`` with
    the message ``conflict()`` builds."""
    if loaded_version is None or str(loaded_version).strip() == "":
        raise ValidationError(
            _("The version this edit started from is missing: reload the record and make the change again."),
            code="no_version",
        )
    try:
        loaded = int(loaded_version)
    except (TypeError, ValueError):
        raise ValidationError(
            _("The version this edit started from is not a number: reload the record and make the change again."),
            code="bad_version",
        ) from None
    if loaded != current.version:
        raise ConflictError(conflict(), code="conflict")


def _scoped_model(model) -> bool:
    """True when the policy limits who sees ``model``'s rows (agencies, plans, tasks…), so naming one in a
    write needs a check; public reference data (units, the PAPI framework) may be named by anyone."""
    try:
        rule = policy.rule_for(model)
    except LookupError:
        return False
    return "view" not in rule.public and "view" not in rule.authenticated


def check_references(obj, *, actor, current=None, m2m_form=None):
    """Every reference the record names — a foreign key or a many-to-many to a scoped model — must be one the
    actor may use (by default: one they may see; see ``Policy.require_usable``). A reference left as it was
    saved is not checked again, so an edit never fails on a link someone else made."""
    for field in obj._meta.concrete_fields:
        if not field.many_to_one and not field.one_to_one:
            continue
        value = getattr(obj, field.attname)
        if value is None or (current is not None and getattr(current, field.attname) == value):
            continue
        if _scoped_model(field.related_model):
            policy.require_usable(actor, getattr(obj, field.name), field=field.name)
    if m2m_form is None:
        return
    for field in obj._meta.many_to_many:
        if field.name not in m2m_form.cleaned_data or not _scoped_model(field.related_model):
            continue
        chosen = list(m2m_form.cleaned_data[field.name] or [])
        if current is not None:
            saved = set(getattr(current, field.name).values_list("pk", flat=True))
            chosen = [row for row in chosen if row.pk not in saved]
        policy.require_usable(actor, chosen, field=field.name)


def _ensure_in_scope(obj, *, actor, action):
    if not policy.can(actor, action, obj):
        raise PermissionDenied(_("This change would put the record outside the units you manage."))


@transaction.atomic
def create_object(obj, *, actor, m2m_form=None):
    """Save a new record after checking the actor may add it; audit it."""
    policy.require(actor, "add", obj.__class__)
    check_references(obj, actor=actor, m2m_form=m2m_form)
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
    if hasattr(current, "version"):
        require_version(
            current,
            loaded_version,
            conflict=lambda: (
                _(
                    "Someone else saved this record after you opened it (by %(who)s). "
                    "Your changes are kept below: review them against the latest version and save again."
                )
                % {"who": _last_editor(current)}
            ),
        )
    before = snapshot(current)
    check_references(obj, actor=actor, current=current, m2m_form=m2m_form)
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

