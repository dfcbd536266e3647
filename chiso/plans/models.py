"""Plans, their targets and tasks, and the progress recorded on tasks."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chiso.core.models import ChisoModel, StoredFile

from .decree30 import basis_text
from .querysets import PlanQuerySet, ProgressUpdateQuerySet, TaskQuerySet
from .timeframes import Kind as TimeframeKind


class Plan(ChisoModel):
    """A unit's plan (Kế hoạch) to improve its PAPI score, issued by its People's Committee.

    Plans cascade: a commune's plan implements (``parent``) the district's, which implements the province's.
    A lower unit must issue its own plan within ``child_deadline_days`` working days of the parent's issue
    date (15 by default: seed 001, "chậm nhất 15 ngày làm việc").
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting approval")
        ISSUED = "issued", _("Issued")
        CLOSED = "closed", _("Closed")

    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plans"
    )
    issuer = models.ForeignKey(
        "units.Agency",
        verbose_name=_("issuing agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_plans",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("upper-level plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2009), MaxValueValidator(2100)])
    code = models.CharField(_("number"), max_length=60, blank=True, help_text=_("e.g. 15/KH-UBND"))
    title = models.CharField(_("title"), max_length=500)
    place = models.CharField(_("place"), max_length=120, blank=True)
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    basis = models.JSONField(
        _("basis documents"),
        default=list,
        blank=True,
        help_text=_("Documents the plan implements: kind, number, date, issuer."),
    )
    purposes = models.TextField(_("purposes and requirements"), blank=True)
    body = models.TextField(_("content"), blank=True)
    implementation = models.TextField(_("implementation arrangements"), blank=True)
    pilot_units = models.ManyToManyField(
        "units.AdministrativeUnit", verbose_name=_("pilot localities"), blank=True, related_name="pilot_in_plans"
    )
    child_deadline_days = models.PositiveSmallIntegerField(
        _("working days for lower units' plans"),
        default=15,
        help_text=_("Lower units must issue their own plans within this many working days of this plan's issue."),
    )
    backdate_limit_days = models.PositiveSmallIntegerField(
        _("working days a progress entry may be back-dated"),
        default=5,
        validators=[MaxValueValidator(60)],
        help_text=_(
            "A progress entry dated earlier than the day it is recorded keeps both dates; for lateness it counts "
            "from its stated date at most this many working days before it was recorded."
        ),
    )
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=150, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One per line (Nơi nhận)."))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    amendment_count = models.PositiveSmallIntegerField(_("amendments"), default=0)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "code", "year"], condition=~Q(code=""), name="plans_plan_unique_code"
            ),
        ]
        indexes = [models.Index(fields=["unit", "year"], name="plans_plan_unit_year_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:plan_detail", args=[self.pk])

    # The history reads the targets (lines of their own records) as typed: :meth:`audit_extra`.
    audit_extra_fields = {"targets": (_("Targets"), None)}

    def audit_extra(self) -> dict:
        """The targets as typed, one a line, for the plan's history: a target changed is in the entry of the edit."""
        return {"targets": list(Target.objects.filter(plan=self).order_by("id").values_list("text", flat=True))}

    @staticmethod
    def audit_display(field_name, value):
        """The history tab reads the basis documents as sentences ("Kế hoạch số 45/KH-UBND ngày 23/10/2026 của
        UBND tỉnh Hưng Yên"), not as stored data."""
        if field_name == "basis" and isinstance(value, list):
            return [basis_text(doc) if isinstance(doc, dict) else doc for doc in value]
        return value

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def can_be_submitted(self) -> bool:
        return self.status == self.Status.DRAFT

    def can_be_issued(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SUBMITTED)

    def can_be_amended(self) -> bool:
        return self.status == self.Status.ISSUED


class Target(ChisoModel):
    """A measurable aim of the plan: "nằm trong nhóm 50 …", "vào nhóm 03 đứng đầu", "đạt điểm khá"."""

    class Kind(models.TextChoices):
        TOP_N = "top_n", _("Among the top N")
        SCORE_BAND = "score_band", _("A score band")
        SCORE = "score", _("A score")
        RANK = "rank", _("A rank or a rise in rank")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets")
    text = models.CharField(_("target"), max_length=500)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    value = models.CharField(_("value"), max_length=40, blank=True)
    dimension = models.ForeignKey(
        "indices.Dimension",
        verbose_name=_("dimension"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["id"]

    def __str__(self):
        return self.text


class Task(ChisoModel):
    """A row of the plan's task table: an activity with lead and coordinating agencies and a timeframe.

    Group rows ("Công tác thông tin tuyên truyền") are tasks with children; their progress rolls up from
    the children, weighted where weights are set. ``implements`` points to the parent plan's task this one
    carries out, so progress can be followed up the cascade.
    """

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks")
    group = models.ForeignKey(
        "self", verbose_name=_("group"), null=True, blank=True, on_delete=models.CASCADE, related_name="subtasks"
    )
    implements = models.ForeignKey(
        "self",
        verbose_name=_("implements the upper-level task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementations",
    )
    number = models.CharField(_("no."), max_length=20, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.TextField(_("content"))
    activity = models.TextField(_("activity"), blank=True)
    output = models.TextField(_("expected output"), blank=True)
    agencies = models.ManyToManyField(
        "units.Agency", through="TaskAgency", verbose_name=_("agencies"), related_name="tasks"
    )
    timeframe_kind = models.CharField(
        _("timeframe"), max_length=10, choices=TimeframeKind.choices, default=TimeframeKind.ONGOING
    )
    timeframe_text = models.CharField(_("timeframe as written"), max_length=200, blank=True)
    start_on = models.DateField(_("start"), null=True, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, default=Decimal("1"), validators=[MinValueValidator(Decimal("0"))]
    )
    dimensions = models.ManyToManyField(
        "indices.Dimension", verbose_name=_("PAPI dimensions"), blank=True, related_name="tasks"
    )
    subdimensions = models.ManyToManyField(
        "indices.SubDimension", verbose_name=_("PAPI sub-dimensions"), blank=True, related_name="tasks"
    )
    indicators = models.ManyToManyField(
        "indices.Indicator", verbose_name=_("PAPI indicators"), blank=True, related_name="tasks"
    )
    pilot_units = models.ManyToManyField(
        "units.AdministrativeUnit", verbose_name=_("pilot localities"), blank=True, related_name="pilot_in_tasks"
    )
    # The current state, set only by plans.services.record_progress; the history is in ProgressUpdate.
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    last_progress_on = models.DateField(_("last progress"), null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    # The history names the agencies, kept in TaskAgency (which a snapshot does not read): :meth:`audit_extra`.
    audit_extra_fields = {
        "lead_agencies": (_("Lead agencies"), "units.Agency"),
        "coordinating_agencies": (_("Coordinating agencies"), "units.Agency"),
    }

    class Status(models.TextChoices):
        """The Government Office's four categories, plus "not started" and "ongoing" (never done)."""

        NOT_STARTED = "not_started", _("Not yet started")
        ON_TRACK = "on_track", _("Unfinished, within term")
        OVERDUE = "overdue", _("Unfinished, overdue")
        DONE_ON_TIME = "done_on_time", _("Completed on time")
        DONE_LATE = "done_late", _("Completed late")
        ONGOING = "ongoing", _("Ongoing")

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_on__isnull=True) | Q(due_on__isnull=True) | Q(due_on__gte=models.F("start_on")),
                name="plans_task_dates_in_order",
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="plans_task_percent_max_100"),
        ]
        indexes = [
            models.Index(fields=["plan", "position"], name="plans_task_plan_pos_idx"),
            models.Index(fields=["due_on"], name="plans_task_due_idx"),
        ]

    def __str__(self):
        text = self.activity or self.title
        return f"{self.number} {text[:120]}".strip()

    def get_absolute_url(self):
        return reverse("plans:task_detail", args=[self.pk])

    def clean(self):

        if self.start_on and self.due_on and self.due_on < self.start_on:
            raise ValidationError({"due_on": _("The end date is before the start date.")})

    @property
    def is_ongoing(self) -> bool:
        return self.timeframe_kind == TimeframeKind.ONGOING

    def status_on(self, today: dt.date | None = None) -> str:
        """Derived from completion and due date; never stored (issue: "derived, never stored twice")."""
        today = today or timezone.localdate()
        if self.is_ongoing:
            return self.Status.ONGOING
        if self.completed_on:
            if self.due_on and self.completed_on > self.due_on:
                return self.Status.DONE_LATE
            return self.Status.DONE_ON_TIME
        if self.due_on and today > self.due_on:
            return self.Status.OVERDUE
        if self.last_progress_on is None:
            return self.Status.NOT_STARTED
        return self.Status.ON_TRACK

    @property
    def status(self) -> str:
        return self.status_on()

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    def audit_extra(self) -> dict:
        """The lead and coordinating agencies as of now (ids, read afresh, never from a prefetched list) for the
        task's history: a change of agencies is in the entry of the edit that made it."""
        links = list(TaskAgency.objects.filter(task=self).values_list("agency_id", "role"))
        return {
            "lead_agencies": sorted(a for a, role in links if role == TaskAgency.Role.LEAD),
            "coordinating_agencies": sorted(a for a, role in links if role == TaskAgency.Role.COORDINATING),
        }

    def lead_agencies(self):
        return [link.agency for link in self.agency_links.all() if link.role == TaskAgency.Role.LEAD]

    def coordinating_agencies(self):
        return [link.agency for link in self.agency_links.all() if link.role == TaskAgency.Role.COORDINATING]


class TaskAgency(models.Model):
    """An agency's part in a task: lead (chủ trì) or coordinating (phối hợp).

    ``PROTECT``: an agency that tasks refer to cannot be deleted (the refusal lists the tasks).
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        COORDINATING = "coordinating", _("Coordinating")

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="agency_links")
    agency = models.ForeignKey(
        "units.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="task_links"
    )
    role = models.CharField(_("role"), max_length=14, choices=Role.choices)

    class Meta:
        verbose_name = _("task agency")
        verbose_name_plural = _("task agencies")
        constraints = [models.UniqueConstraint(fields=["task", "agency"], name="plans_taskagency_unique")]
        indexes = [models.Index(fields=["agency", "role"], name="plans_taskagency_agency_idx")]

    def __str__(self):
        return f"{self.agency} ({self.get_role_display()})"


class ProgressUpdate(ChisoModel):
    """What an agency did on a task, on a date, with evidence. For ongoing tasks, what was done in a period."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="updates")
    agency = models.ForeignKey(
        "units.Agency",
        verbose_name=_("reported by agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    percent = models.PositiveSmallIntegerField(
        _("progress (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    justification = models.CharField(_("why this percentage"), max_length=300, blank=True)
    description = models.TextField(_("what was done"))
    # The date lateness counts from: the stated date, or the plan's back-dating limit before the day it was recorded.
    counted_on = models.DateField(_("counted from"), null=True, blank=True)

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-reported_on", "-id"]
        indexes = [models.Index(fields=["task", "-reported_on"], name="plans_update_task_date_idx")]

    def __str__(self):
        return f"{self.task.number} — {self.reported_on:%d/%m/%Y}"

    @property
    def recorded_on(self) -> dt.date | None:
        """The day the entry was recorded (Vietnam's day), beside the date it states."""
        return timezone.localdate(self.created_at) if self.created_at else None

    @property
    def is_backdated(self) -> bool:
        return self.recorded_on is not None and self.reported_on < self.recorded_on

    def get_absolute_url(self):
        return reverse("plans:task_detail", args=[self.task_id]) + f"#update-{self.pk}"


def evidence_path(instance, filename):
    return f"evidence/{instance.update.task.plan_id}/{instance.update_id}/{filename}"


class Evidence(StoredFile):
    """A file attached to a progress update (minutes, photos, decisions): served only to those in scope."""

    update = models.ForeignKey(
        ProgressUpdate, verbose_name=_("progress update"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)

    class Meta(StoredFile.Meta):
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def get_absolute_url(self):
        return reverse("plans:evidence_download", args=[self.pk])


class PlanAmendment(models.Model):
    """A recorded change to an issued plan; ``snapshot`` keeps the version before the amendment."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveSmallIntegerField(_("amendment no."))
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    snapshot = models.JSONField(_("previous version"))

    class Meta:
        verbose_name = _("plan amendment")
        verbose_name_plural = _("plan amendments")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plans_amendment_unique_number")]

    def __str__(self):
        return f"{self.plan} — {self.number}"


class Responsibility(ChisoModel):
    """A row of the plan's assignment table: an indicator (or a whole sub-dimension) → its lead agency, the
    coordinating agencies and a note ("Phân công nhiệm vụ theo chỉ tiêu"). Read and written through
    ``chiso.plans.responsibilities``."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="responsibilities")
    indicator = models.ForeignKey(
        "indices.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="responsibilities",
    )
    subdimension = models.ForeignKey(
        "indices.SubDimension",
        verbose_name=_("sub-dimension"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="responsibilities",
    )
    lead = models.ForeignKey(
        "units.Agency", verbose_name=_("lead agency"), on_delete=models.PROTECT, related_name="responsibilities"
    )
    coordinating = models.ManyToManyField(
        "units.Agency", verbose_name=_("coordinating agencies"), blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator responsibility")
        verbose_name_plural = _("indicator responsibilities")
        ordering = ["plan", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(indicator__isnull=False, subdimension__isnull=True)
                | Q(indicator__isnull=True, subdimension__isnull=False),
                name="plans_responsibility_one_target",
            ),
            models.UniqueConstraint(
                fields=["plan", "indicator"], condition=Q(indicator__isnull=False), name="plans_resp_unique_indicator"
            ),
            models.UniqueConstraint(
                fields=["plan", "subdimension"],
                condition=Q(subdimension__isnull=False),
                name="plans_resp_unique_subdimension",
            ),
        ]

    def __str__(self):
        return f"{self.indicator or self.subdimension} → {self.lead}"

    def get_absolute_url(self):
        return reverse("plans:plan_responsibilities", args=[self.plan_id])

    @property
    def code(self) -> str:
        return (self.indicator or self.subdimension).code
