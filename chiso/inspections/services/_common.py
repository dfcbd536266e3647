"""What the inspection services share: the records a write may name (the forms offer the same), the conduct
guard, required text, remedy deadlines and evidence files."""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.core import workdays
from chiso.core.permissions import SUPERVISOR, policy
from chiso.core.services import Guard, transition
from chiso.lib import tree, uploads
from chiso.lib.text import nfc
from chiso.units.models import AdministrativeUnit, Agency

from ..models import Inspection

S = Inspection.Status


# --- what a write may name (the forms offer the same) -------------------------------------------------------
def inspecting_units(actor, action="add"):
    """The units where ``actor`` may plan or conduct inspections: the units of their own memberships that the
    policy allows (administrators: every district and province)."""
    units = AdministrativeUnit.objects.exclude(level=AdministrativeUnit.Level.VILLAGE)
    if policy.is_admin(actor):
        return units.exclude(level=AdministrativeUnit.Level.COMMUNE)
    paths = policy.unit_paths(actor, policy.roles_for(policy.rule_for(Inspection), action))
    return units.filter(path__in=paths)


def inspectable_units(unit):
    """The units an inspection of ``unit``'s level may look at: itself and the units below (no villages)."""
    return AdministrativeUnit.objects.filter(tree.subtree_q([unit.path])).exclude(
        level=AdministrativeUnit.Level.VILLAGE
    )


def responsible_agencies(inspection):
    """The agencies a remedy may be given to: those of the inspected unit and the units below it."""
    return Agency.objects.filter(is_active=True).filter(tree.subtree_q([inspection.inspected_unit.path], "unit"))


# --- guards -------------------------------------------------------------------------------------------------
def require_role_for_kind(actor, inspection):
    """Supervisors record their own supervision visits only; inspectors and the standing body never record one."""
    if policy.is_admin(actor):
        return
    supervisor_here = any(tree.is_within(inspection.unit.path, path) for path in policy.unit_paths(actor, [SUPERVISOR]))
    others_here = any(
        tree.is_within(inspection.unit.path, path) for path in policy.unit_paths(actor, ["coordinator", "inspector"])
    )
    if inspection.is_supervision and not supervisor_here:
        raise PermissionDenied(
            _("Supervision visits are recorded by the Fatherland Front and the People's Inspection Board.")
        )
    if not inspection.is_supervision and not others_here:
        raise PermissionDenied(_("Supervisors record supervision visits, not inspections."))


@contextmanager
def conducting(inspection, *, actor, **changes):
    """A state change made by the team conducting ``inspection``: :func:`chiso.core.services.transition` with the
    ``change`` permission, then the conduct guard (:func:`require_role_for_kind`) on the locked row."""
    with transition(inspection, actor=actor, action="change", **changes) as t:
        require_role_for_kind(actor, t.obj)
        yield t


_RECORDING = Guard(
    Inspection.can_record,
    gettext_lazy("Findings and answers are recorded while the inspection is under way (after its decision)."),
    code="not_underway",
)


def recording(inspection, actor, event):
    """Answers, evidence and findings are recorded while the inspection is under way; the inspection itself keeps
    its fields (only its version and the audit entry change)."""
    return conducting(inspection, actor=actor, event=event, guard=_RECORDING, fields=[])


# --- values -------------------------------------------------------------------------------------------------
def required_text(value, field, message):
    """``value`` in NFC without surrounding blanks; empty → a ValidationError on ``field`` saying ``message``."""
    value = nfc(value or "").strip()
    if not value:
        raise ValidationError({field: message}, code="empty")
    return value


def document_number(number, date, message):
    """The number of a document being issued (NFC, without surrounding blanks) once it and its date are both
    given; else a ValidationError saying ``message``."""
    number = nfc(number or "").strip()
    if not number or not date:
        raise ValidationError(message, code="missing_number")
    return number


def deadline(start, *, deadline_days, due_on, field_days="deadline_days"):
    """The due date of a remedy: ``deadline_days`` working days after ``start`` (Tết-aware), or ``due_on``."""
    if deadline_days:
        return workdays.add_working_days(start, int(deadline_days))
    if due_on is None:
        raise ValidationError(
            {field_days: _("Give the deadline: a number of working days or a date.")}, code="no_deadline"
        )
    return due_on


def check_evidence_file(upload, *, photos_only=False):
    """A file is refused when too large or not the type its name claims (read from the content)."""
    accept = uploads.PHOTOS_OR_PDF if photos_only else uploads.DOCUMENTS
    return uploads.check_upload(upload, "evidence", accept=accept, name_must_match=True)


def file_fields(upload) -> dict:
    """The stored fields of an evidence row for ``upload`` (checked by :func:`check_evidence_file`)."""
    return {
        "file": upload,
        "name": upload.name,
        "content_type": getattr(upload, "content_type", "") or "",
        "size": upload.size,
    }
