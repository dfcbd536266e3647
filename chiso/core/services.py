"""Generic record changes used by the CRUD screens of reference data: create, update, delete; and the one
``transition`` every state change of the apps goes through.

Each runs in one transaction: permission check, stale-write check, save, audit entry, and a re-check that
the record is still inside the actor's scope (a coordinator may not move an agency out of their subtree).
Domain apps with state machines (plans, reports, feedback) write their own services on top of ``transition``.
"""

import dataclasses
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .audit import history_for, record_change, snapshot
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
def create_object(obj, *, actor, m2m_form=None, related=None):
    """Save a new record after checking the actor may add it; audit it (``related``: as for :func:`update_object`)."""
    policy.require(actor, "add", obj.__class__)
    check_references(obj, actor=actor, m2m_form=m2m_form)
    obj.full_clean()
    return _save(
        obj, actor=actor, action="add", m2m_form=m2m_form, audit=AuditEntry.Action.CREATE, before=None, related=related
    )


@transaction.atomic
def update_object(obj, *, actor, loaded_version=None, m2m_form=None, related=None):
    """Save changes to an existing record; refuse a stale write (the version the form loaded is old).

    ``related(obj)``, when given, runs after the record (and its form's many-to-many fields) is saved and before
    the "after" snapshot: the service's own related changes (tags, agencies through a model of their own) are
    then in the one entry of the update, with who made them."""
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
    return _save(
        obj,
        actor=actor,
        action="change",
        m2m_form=m2m_form,
        audit=AuditEntry.Action.UPDATE,
        before=before,
        related=related,
    )


def _save(obj, *, actor, action, m2m_form, audit, before, related=None):
    """Save the checked record (and the form's many-to-many fields), apply the service's ``related`` changes,
    make sure it stays where the actor may ``action``, audit it."""
    obj.save()
    if m2m_form is not None:
        m2m_form.save_m2m()
    if related is not None:
        related(obj)
    _ensure_in_scope(obj, actor=actor, action=action)
    record_change(obj, audit, actor, before, snapshot(obj))
    return obj


def _last_editor(obj) -> str:
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


# --- state changes ---------------------------------------------------------------------------------------
_UNCHECKED = object()


@dataclasses.dataclass(frozen=True)
class Guard:
    """When a state change may happen, and what the actor is told when it may not: the states the record may leave
    (``allowed``: values of its ``state`` field, or a predicate of the row), the refusal (a message, or a function
    of the row) and its code. Declared once beside the services, so a ``transition`` names its precondition in one
    word and two steps with the same precondition share it (a report's edit and its submission)."""

    allowed: Iterable | Callable
    refusal: str | Callable | None = None
    code: str = "wrong_status"
    state: str = "status"

    def check(self, row) -> None:
        """Raise the refusal (a ValidationError with ``code``) unless ``row`` may leave its current state."""
        allowed = self.allowed(row) if callable(self.allowed) else getattr(row, self.state) in self.allowed
        if not allowed:
            raise ValidationError(self._refusal(row), code=self.code)

    def _refusal(self, row) -> str:
        if callable(self.refusal):
            return self.refusal(row)
        if self.refusal is not None:
            return str(self.refusal)  # a lazy message, read in the actor's language now
        display = getattr(row, f"get_{self.state}_display", lambda: getattr(row, self.state))
        return _("This step is not possible while the record is %(status)s.") % {"status": display()}


@dataclasses.dataclass
class Transition:
    """The record being changed (locked), as yielded by :func:`transition`. Inside the ``with`` block the service
    sets the new state on ``obj``, and may add details to ``data`` (what the audit entry keeps), name the fields it
    changed (``fields``) or pick the ``event`` when the outcome decides it."""

    obj: object
    event: str | None
    before: dict | None
    data: dict = dataclasses.field(default_factory=dict)
    fields: list[str] | None = None


@contextmanager
def transition(
    obj,
    *,
    actor,
    event: str | None = None,
    action: str | None = None,
    target: Callable | None = None,
    guard: Guard | None = None,
    loaded_version=_UNCHECKED,
    conflict: Callable | None = None,
    fields: list[str] | None = None,
    queryset=None,
):
    """One state change of one record: ``with transition(plan, actor=…, event="plan.issued", action="issue",
    guard=ISSUABLE) as t: t.obj.status = …``.

    On entry: lock the row (``select_for_update``, from ``queryset`` when given), check the policy (``action`` on
    the row, or on ``target(row)``), check the current state (``guard``: the states it may leave, else a
    ValidationError with its refusal and code), check the version the actor loaded (when ``loaded_version`` is
    passed: ``conflict()`` is the message), snapshot. On a clean exit: version + 1, save (only ``fields`` when
    named), and the audit entry with the event and ``t.data``. An exception in the block leaves the row as it was.
    Side effects go after the block, with ``transaction.on_commit``.
    """
    with transaction.atomic():
        rows = queryset if queryset is not None else obj.__class__._default_manager
        current = rows.select_for_update().get(pk=obj.pk)
        if action is not None:
            policy.require(actor, action, target(current) if target is not None else current)
        if guard is not None:
            guard.check(current)
        if loaded_version is not _UNCHECKED:
            require_version(current, loaded_version, conflict=conflict or _conflict)
        t = Transition(current, event, snapshot(current), fields=fields)
        yield t
        update_fields = None
        if hasattr(current, "version"):
            current.version += 1
        if t.fields is not None:
            model_fields = {f.name for f in current._meta.concrete_fields}
            update_fields = [*t.fields, *(name for name in ("version", "updated_at") if name in model_fields)]
        current.save(update_fields=update_fields)
        record_change(current, AuditEntry.Action.UPDATE, actor, t.before, snapshot(current), event=t.event, data=t.data)


def _conflict() -> str:
    return _("Someone else changed this record after you opened it: reload it and make the change again.")
