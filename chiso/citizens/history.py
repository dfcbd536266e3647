"""A feedback item's history in words, for its officers: each step as they say it ("Lãnh đạo trả lại: …"), each
changed value by its label or name — a status's label, an agency's or a person's name, a date as dd/mm/yyyy —
never a raw code or a row number (the audit keeps those; this is how they are read)."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from chiso.units.models import AdministrativeUnit, Agency

from .models import Dialogue, Feedback, FeedbackCategory, ReceptionSession

# Fields whose changes say nothing to a reader (bookkeeping), or that only the step's sentence should tell.
HIDDEN = {"version", "submission_key", "updated_at", "created_at", "id"}
RELATED = {
    "agency": Agency,
    "unit": AdministrativeUnit,
    "category": FeedbackCategory,
    "answer_author": get_user_model(),
    "approved_by": get_user_model(),
    "duplicate_of": Feedback,
    "reception_session": ReceptionSession,
    "dialogue": Dialogue,
}


def _names(entries):
    """{field: {pk: name}} for every related row the entries mention (one query per kind)."""
    wanted = {field: set() for field in RELATED}
    for entry in entries:
        for side in (entry.before or {}, entry.after or {}):
            for field in RELATED:
                if side.get(field):
                    wanted[field].add(side[field])
    names = {}
    for field, pks in wanted.items():
        model = RELATED[field]
        rows = model.objects.filter(pk__in=pks) if pks else []
        names[field] = {row.pk: (row.tracking_code if model is Feedback else str(row)) for row in rows}
    return names


def _value(field, value, names):
    if value in (None, ""):
        return "—"
    if field in RELATED:
        return names[field].get(value) or _("(deleted)")
    try:
        model_field = Feedback._meta.get_field(field)
    except Exception:  # a field removed since the entry was written
        return str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if model_field.get_internal_type() == "DateField":
        try:
            return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    if model_field.get_internal_type() == "DateTimeField":
        try:
            return dt.datetime.fromisoformat(str(value)).strftime("%H:%M %d/%m/%Y")
        except ValueError:
            return str(value)
    return str(value)


def readable(entries):
    """[{"entry", "text", "changes": [(label, before, after)]}] for the history page."""
    names = _names(entries)
    rows = []
    for entry in entries:
        before, after = entry.before or {}, entry.after or {}
        changes = []
        for field in dict.fromkeys([*before, *after]):
            old, new = before.get(field), after.get(field)
            if field in HIDDEN or old == new:
                continue
            try:
                label = str(Feedback._meta.get_field(field).verbose_name)
            except Exception:
                label = field
            changes.append((label, _value(field, old, names), _value(field, new, names)))
        text = entry.text
        if entry.action == "create":
            agency = names["agency"].get(after.get("agency"))
            text = _("Received, for %(agency)s") % {"agency": agency} if agency else _("Received")
        rows.append({"entry": entry, "text": text, "changes": [] if entry.action == "create" else changes})
    return rows
