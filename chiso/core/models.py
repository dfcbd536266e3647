"""Cross-cutting models: the base every domain record extends, the audit trail, the calendar's exceptions."""

import datetime as dt
import os

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chiso.lib.text import nfc

from . import events


class ChisoModel(models.Model):
    """Base of every domain record: timestamps, optimistic-concurrency version, NFC-normalised text.

    ``version`` grows by one on every save through a service; an edit form posts the version it loaded,
    and the service refuses a stale write (STYLE rule 10).
    """

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    # Fields left out of audit snapshots (they change on every save and say nothing to a reader).
    audit_exclude: tuple[str, ...] = ("created_at", "updated_at", "version")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Normalising the row's own text is the one thing save() may do (STYLE: no other side effects).
        for field in self._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, nfc(value))
        super().save(*args, **kwargs)


class StoredFile(models.Model):
    """A file uploaded as evidence or attachment: its original name, checked type and size. Such files are never
    static: they are served only through a view that asks the policy."""

    file = models.FileField(_("file"), max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self):
        return self.name

    @property
    def extension(self) -> str:

        return os.path.splitext(self.name)[1].lower()


class AuditEntry(models.Model):
    """One create/update/delete of a domain record: who, when, and the values before and after.

    Written by the service that makes the change, in the same transaction (STYLE rule 8), never by signals.
    ``object_id`` is text so that any primary key fits; ``object_repr`` keeps a deleted record readable.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", _("Deleted")

    timestamp = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.CASCADE)
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=300)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    # What happened, as a stable code (``plan.issued``; ``<model>.created``/``updated``/``deleted`` for a plain
    # change) with its details as data (the reason typed, the agency transferred to): rendered when read, in the
    # reader's language (``chiso.core.events``).
    event = models.CharField(_("event"), max_length=64, db_index=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        ordering = ["-timestamp", "-id"]
        indexes = [
            # The history tab reads one record's entries newest first.
            models.Index(fields=["content_type", "object_id", "-timestamp"], name="core_audit_object_idx"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"

    @property
    def text(self) -> str:
        """What happened, in the active language ("" for a plain create/update/delete)."""
        return events.render(self.event, self.data)

    def changes(self):
        """[(field label, old, new)] for the fields that differ, as a reader reads them: a related record by its
        name (never its id), a choice by its label, a moment in local time; a model may word a field of its own
        with ``audit_display(field_name, value)`` (a plan's basis documents), and declares the derived data its
        ``audit_extra()`` adds to a snapshot in ``audit_extra_fields``: ``{key: (label, "app.Model" or None)}``,
        the ids of that model read as names (a task's lead agencies). A derived key that holds many items (a
        report's lines) may be read as rows of their own, only those that changed:
        ``audit_rows(key, old, new) -> [(label, old, new)]`` (None: read it as above)."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        model = self.content_type.model_class()
        extra = getattr(model, "audit_extra_fields", None) or {}
        rows = []
        for key in keys:
            old, new = before.get(key), after.get(key)
            if old == new:
                continue
            if key in extra:
                worded = model.audit_rows(key, old, new) if hasattr(model, "audit_rows") else None
                if worded is not None:
                    rows.extend(worded)
                    continue
                label, related = extra[key]
                related_model = apps.get_model(related) if isinstance(related, str) else related
                rows.append((label, *_readable(model, key, related_model, None, [old, new])))
                continue
            field = None
            if model is not None:
                try:
                    field = model._meta.get_field(key)
                except Exception:  # a field removed since the entry was written
                    field = None
            if field is None:
                rows.append((key, old, new))
                continue
            related_model = field.related_model if field.is_relation else None
            rows.append((field.verbose_name, *_readable(model, field.name, related_model, field, [old, new])))
        return rows


def _readable(model, name, related_model, field, values):
    """The stored values of ``name`` (ids, choice codes, ISO moments) as a reader reads them: ``related_model``'s
    ids by its records' names, ``field``'s choices by their labels (``field`` None: derived data)."""
    custom = getattr(model, "audit_display", None)
    if custom is not None:
        worded = [custom(name, v) for v in values]
        if worded != values:
            return worded
    if related_model is not None:
        ids = {i for v in values for i in (v if isinstance(v, list) else [v]) if i is not None}
        found = related_model._base_manager.in_bulk(ids) if ids else {}

        def named(i):
            return found.get(i) or f"#{i}"

        return [[named(i) for i in v] if isinstance(v, list) else (None if v is None else named(v)) for v in values]
    if field is not None and field.choices:
        labels = dict(field.flatchoices)
        return [labels.get(v, v) for v in values]
    if isinstance(field, models.DateTimeField):
        return [_moment(v) for v in values]
    return values


def _moment(value):
    if not isinstance(value, str):
        return value
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


class CalendarException(ChisoModel):
    """A day the administrator adds to the working-day calendar on top of the `holidays` VN list.

    Extra days off (e.g. a provincial holiday) and swapped working days (a Saturday worked to make a long
    Tết break) that the Government announces after the `holidays` package was released.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Extra day off")
        WORKING_DAY = "working_day", _("Extra working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}"

    def get_absolute_url(self):

        return reverse("core:calendarexception_detail", args=[self.pk])
