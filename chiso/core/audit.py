"""The audit trail: ``snapshot`` a record before a change, ``record_change`` after it, in the same transaction.

Services call these explicitly (STYLE rule 8): no signals, no middleware.
"""

import datetime as dt
import decimal
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.backends.utils import format_number

from . import events
from .models import AuditEntry


def _jsonable(value):
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj) -> dict | None:
    """The record's field values as JSON-ready data (foreign keys by id, many-to-many as id lists), and what the
    model derives for its history with ``audit_extra()`` (links kept in a through-model of its own: a task's lead
    and coordinating agencies), read back by ``AuditEntry.changes`` as ``audit_extra_fields`` declares."""
    if obj is None or obj.pk is None:
        return None
    exclude = set(getattr(obj, "audit_exclude", ()))
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude or field.name == "id" or field.name.endswith("_folded"):
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.DecimalField) and value is not None:
            # as stored: a form's "1" and the row's "1.00" are the same weight, not a change
            value = format_number(field.to_python(value), field.max_digits, field.decimal_places)
        data[field.name] = _jsonable(value)
    for field in obj._meta.many_to_many:
        if field.name in exclude or field.remote_field.through._meta.auto_created is False:
            continue
        data[field.name] = sorted(obj.__class__.objects.filter(pk=obj.pk).values_list(f"{field.name}__pk", flat=True))
        data[field.name] = [v for v in data[field.name] if v is not None]
    extra = getattr(obj, "audit_extra", None)
    if extra is not None:
        data.update(_jsonable(extra()))
    return data


def record_change(obj, action, actor, before=None, after=None, *, event=None, data=None):
    """Write one AuditEntry. ``action`` is an ``AuditEntry.Action``; ``event`` a code declared in an app's
    ``events.py`` (default: the plain ``<model>.created``/``updated``/``deleted``) and ``data`` its details;
    call inside the service's transaction. An update that changed nothing is not recorded."""
    if action == AuditEntry.Action.UPDATE and before == after:
        return None
    if event is not None and events.get(event) is None:
        raise LookupError(f"The event {event!r} is not declared in any app's events.py")
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        action=action,
        content_type=ContentType.objects.get_for_model(obj.__class__),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=before,
        after=after,
        event=event or events.plain(obj.__class__, action),
        data=_jsonable(data or {}),
    )


def record_created(obj, actor, *, event=None, data=None):
    """Write the AuditEntry of a new record: nothing before, its snapshot after (see ``record_change``)."""
    return record_change(obj, AuditEntry.Action.CREATE, actor, None, snapshot(obj), event=event, data=data)


def history_for(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj.__class__), object_id=str(obj.pk)
    ).select_related("actor", "content_type")
