"""Periodic reporting: a plan's schedules, their periods, what each agency owes, its submissions and the
level's consolidated report that goes up to the level above.

The loop of the seed plans: units report (quarterly, half-yearly, yearly or on demand) to the standing body,
which returns or accepts, consolidates, has the leader approve, and reports to the level above.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from chiso.core.models import ChisoModel, StoredFile
from chiso.plans.models import Task


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    YEARLY = "yearly", _("Yearly")
    AD_HOC = "ad_hoc", _("Ad hoc")


class Window(models.TextChoices):
    # Decree 09/2019/NĐ-CP, Art. 12: the data cut-off runs from the 15th of the month before to the 14th.
    DECREE_09 = "decree_09", _("Decree 09/2019/NĐ-CP (from the 15th to the 14th)")
    # What many plans write instead: "from 01/01 to 30/6" (seed 001).
    CALENDAR = "calendar", _("Calendar period (from the 1st to the last day)")


class Schedule(ChisoModel):
    """How a plan is reported on: a cadence, its cut-off windows and due-date rules, who reports to whom."""

    plan = models.ForeignKey("plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="schedules")
    title = models.CharField(_("title"), max_length=300)
    cadence = models.CharField(_("cadence"), max_length=12, choices=Cadence.choices, default=Cadence.QUARTERLY)
    window = models.CharField(_("data cut-off"), max_length=10, choices=Window.choices, default=Window.DECREE_09)
    agency_due_days = models.PositiveSmallIntegerField(
        _("days for agencies"),
        default=5,
        validators=[MaxValueValidator(90)],
        help_text=_("Agencies of this level submit within this many days after the cut-off."),
    )
    unit_due_days = models.PositiveSmallIntegerField(
        _("days for units below"),
        default=5,
        validators=[MaxValueValidator(90)],
        help_text=_("Committees of the units below submit their consolidated report within this many days."),
    )
    open_days_before = models.PositiveSmallIntegerField(
        _("opens days before the cut-off"),
        default=10,
        validators=[MaxValueValidator(90)],
        help_text=_("A period opens this many days before its cut-off ends, so reports can be drafted."),
    )
    recipient = models.ForeignKey(
        "units.Agency",
        verbose_name=_("reports go to"),
        on_delete=models.PROTECT,
        related_name="received_schedules",
        help_text=_("The standing body that reviews and consolidates."),
    )
    reporters = models.ManyToManyField(
        "units.Agency", verbose_name=_("agencies that report"), related_name="reporting_schedules", blank=True
    )
    second_half = models.BooleanField(
        _("also the last six months"),
        default=False,
        help_text=_(
            "For a half-yearly schedule beside a yearly one: by default only the first six months are reported, "
            "the yearly report covering the year. Tick it when the plan also asks for the last six months."
        ),
    )
    metrics = models.JSONField(
        _("figures asked for"),
        default=list,
        blank=True,
        help_text=_("Numeric figures each report gives, e.g. dialogues held, feedback answered on time."),
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind working days before"),
        default=3,
        validators=[MaxValueValidator(30)],
        help_text=_("Officers are reminded this many working days before the due date (0: no reminder)."),
    )
    notify_overdue = models.BooleanField(_("notify when overdue"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reporting schedule")
        verbose_name_plural = _("reporting schedules")
        ordering = ["plan", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reporting:schedule_detail", args=[self.pk])

    def metric_labels(self) -> dict[str, str]:
        return {m["code"]: m.get("label", m["code"]) for m in self.metrics or [] if m.get("code")}


class Period(ChisoModel):
    """One reporting round of a schedule: its cut-off window and due dates. Ad-hoc periods are opened by hand."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    schedule = models.ForeignKey(Schedule, verbose_name=_("schedule"), on_delete=models.CASCADE, related_name="periods")
    label = models.CharField(_("period"), max_length=200)
    is_ad_hoc = models.BooleanField(_("ad hoc"), default=False)
    note = models.TextField(_("what is asked"), blank=True)
    cutoff_start = models.DateField(_("data from"))
    cutoff_end = models.DateField(_("data to"))
    due_on = models.DateField(_("due date for agencies"))
    unit_due_on = models.DateField(_("due date for units below"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["schedule", "cutoff_end", "id"]
        constraints = [
            # Opening is idempotent: a period of a schedule's regular calendar exists once.
            models.UniqueConstraint(
                fields=["schedule", "cutoff_start", "cutoff_end"],
                condition=Q(is_ad_hoc=False),
                name="reporting_period_once",
            ),
            models.CheckConstraint(
                condition=Q(cutoff_end__gte=models.F("cutoff_start")), name="reporting_cutoff_order"
            ),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("cutoff_end")), name="reporting_due_after_cutoff"),
        ]

    def __str__(self):
        return f"{self.label} — {self.schedule}"

    def get_absolute_url(self):
        return reverse("reporting:period_detail", args=[self.pk])

    @property
    def plan(self):
        return self.schedule.plan


class Timeliness(models.TextChoices):
    """Whether an agency's report came in on time: decided once, at its first submission (``Request.on_time``);
    until then "missing" once the due date has passed, else "not yet due". The one home of the rule: the period and
    schedule pages, the reporting rate, the consolidated report and the .xlsx export all read it from here."""

    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    MISSING = "missing", _("Missing")
    NOT_DUE = "not_due", _("Not yet due")

    @classmethod
    def conditions(cls, today) -> dict:
        """The rule of ``Request.timeliness`` as query conditions on requests, one per code."""
        return {
            cls.ON_TIME.value: Q(on_time=True),
            cls.LATE.value: Q(on_time=False),
            cls.MISSING.value: Q(on_time__isnull=True, due_on__lt=today),
            cls.NOT_DUE.value: Q(on_time__isnull=True, due_on__gte=today),
        }


class RequestQuerySet(models.QuerySet):
    def timeliness_counts(self, today) -> dict:
        """``{"on_time": n, "late": n, "missing": n, "not_due": n}`` in one aggregate."""
        return {key[2:]: n for key, n in self.aggregate(**timeliness_aggregates(today)).items()}


def timeliness_aggregates(today) -> dict:
    """Count expressions ``n_on_time``, ``n_late``, ``n_missing``, ``n_not_due`` for ``aggregate``/``annotate``
    (the prefix because an aggregate may not share its name with a field, ``on_time``)."""
    return {f"n_{code}": Count("id", filter=q) for code, q in Timeliness.conditions(today).items()}


class Request(models.Model):
    """What one agency owes for one period. ``status`` and ``first_submitted_at`` mirror its current submission
    so that reporting rates are one aggregate query."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Not submitted")
        SUBMITTED = "submitted", _("Under review")
        RETURNED = "returned", _("Returned for correction")
        ACCEPTED = "accepted", _("Accepted")

    period = models.ForeignKey(Period, verbose_name=_("period"), on_delete=models.CASCADE, related_name="requests")
    agency = models.ForeignKey(
        "units.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="report_requests"
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    # Decided once, at the first submission: on time (True) or late (False); empty while not submitted.
    on_time = models.BooleanField(_("on time"), null=True, blank=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("report request")
        verbose_name_plural = _("report requests")
        ordering = ["period", "agency__unit__path", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["period", "agency"], name="reporting_request_once")]
        indexes = [models.Index(fields=["agency", "status"], name="reporting_request_agency_idx")]

    def __str__(self):
        return f"{self.agency} — {self.period.label}"

    def get_absolute_url(self):
        return reverse("reporting:request_detail", args=[self.pk])

    def timeliness(self, today) -> str:
        """A ``Timeliness`` code: on time / late (decided at the first submission), missing, not yet due."""
        if self.on_time is not None:
            return Timeliness.ON_TIME.value if self.on_time else Timeliness.LATE.value
        return Timeliness.MISSING.value if self.due_on < today else Timeliness.NOT_DUE.value

    def is_late(self, today) -> bool:
        """Sent late, or not sent and past the due date."""
        return self.timeliness(today) in (Timeliness.LATE, Timeliness.MISSING)

    def decide_on_time(self, submitted_at) -> None:
        """At the first submission: on time when sent on or before the due date (Vietnam's calendar day)."""
        self.on_time = timezone.localdate(submitted_at) <= self.due_on


class Submission(ChisoModel):
    """A version of an agency's report for a period. A correction after acceptance is a new version; the
    accepted one is kept (``superseded``)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Under review")
        RETURNED = "returned", _("Returned for correction")
        ACCEPTED = "accepted", _("Accepted")
        SUPERSEDED = "superseded", _("Superseded by a later version")

    request = models.ForeignKey(
        Request, verbose_name=_("request"), on_delete=models.CASCADE, related_name="submissions"
    )
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    narratives = models.JSONField(_("results by dimension"), default=dict, blank=True)
    summary = models.TextField(_("general assessment"), blank=True)
    difficulties = models.TextField(_("difficulties and shortcomings"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    metrics = models.JSONField(_("figures"), default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("prepared by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    # Set when this submission is a lower unit's consolidated report sent up.
    consolidated_from = models.ForeignKey(
        "ConsolidatedReport",
        verbose_name=_("consolidated report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sent_as",
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["request", "-number"]
        constraints = [models.UniqueConstraint(fields=["request", "number"], name="reporting_submission_version")]

    def __str__(self):
        return f"{self.request} (v{self.number})"

    def get_absolute_url(self):
        return reverse("reporting:submission_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    # The history reads the lines (records of their own) one task at a time, only those that changed:
    # :meth:`audit_extra`, :meth:`audit_rows`.
    audit_extra_fields = {
        "lines": (_("tasks reported on"), None),
        "line_comments": (_("reviewer's comments on tasks"), None),
    }

    def audit_extra(self) -> dict:
        """The lines as reported ([id, task, percent, result] each) and the reviewer's comments on them ([id, task,
        comment], the lines commented on): a draft saved with only a task's progress changed, or a return with
        comments on single lines, is then in the report's history."""
        lines = self.lines.order_by("position", "id").values_list(
            "id", "task_number", "task_title", "percent", "result", "comment"
        )
        named = [(pk, number or Truncator(title).chars(60), *rest) for pk, number, title, *rest in lines]
        return {
            "lines": [[pk, name, percent, result] for pk, name, percent, result, __ in named],
            "line_comments": [[pk, name, comment] for pk, name, __, __, comment in named if comment],
        }

    @classmethod
    def audit_rows(cls, key, old, new):
        """A row per task whose line changed ("Nhiệm vụ 3": "40%" → "60%; kết quả: …"), the result cut short; a
        row per comment the reviewer wrote, changed or removed. A new report: how many tasks it reports on."""
        if key not in cls.audit_extra_fields:
            return None
        if new is None:
            return []
        if old is None:
            if key != "lines" or not new:
                return []
            label = cls.audit_extra_fields[key][0]
            return [(label, None, ngettext("%(count)d task", "%(count)d tasks", len(new)) % {"count": len(new)})]
        if key == "lines":
            return _line_rows(old, new)
        return _comment_rows(old, new)


def _task_label(name) -> str:
    return _("Task %(number)s") % {"number": name}


def _line_rows(old, new):
    was = {row[0]: row for row in old}
    rows = []
    for pk, name, percent, result in new:
        _pk, _name, old_percent, old_result = was.get(pk, (pk, name, None, ""))
        before, after = [], []
        if percent != old_percent:
            before.append("—" if old_percent is None else f"{old_percent}%")
            after.append(f"{percent}%")
        if (result or "") != (old_result or ""):
            before.append(_("result: %(text)s") % {"text": Truncator(old_result).chars(100) or "—"})
            after.append(_("result: %(text)s") % {"text": Truncator(result).chars(100) or "—"})
        if after:
            rows.append((_task_label(name), "; ".join(before), "; ".join(after)))
    return rows


def _comment_rows(old, new):
    was = {pk: (name, comment) for pk, name, comment in old}
    now = {pk: (name, comment) for pk, name, comment in new}
    rows = []
    for pk in dict.fromkeys([*now, *was]):
        name, comment = now.get(pk) or (was[pk][0], "")
        before = was.get(pk, (name, ""))[1]
        if comment != before:
            label = _("reviewer's comment on task %(number)s") % {"number": name}
            rows.append((label, before or None, comment or None))
    return rows


class SubmissionLine(models.Model):
    """The report's line for one task: status, result and evidence at the cut-off; the reviewer's comment."""

    submission = models.ForeignKey(Submission, verbose_name=_("report"), on_delete=models.CASCADE, related_name="lines")
    task = models.ForeignKey(
        "plans.Task", verbose_name=_("task"), null=True, on_delete=models.SET_NULL, related_name="report_lines"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    task_number = models.CharField(_("no."), max_length=20, blank=True)
    task_title = models.TextField(_("task"))
    dimension_code = models.CharField(_("dimension"), max_length=10, blank=True)
    task_status = models.CharField(_("status"), max_length=14, blank=True)
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    result = models.TextField(_("result"), blank=True)
    evidence_count = models.PositiveSmallIntegerField(_("evidence files"), default=0)
    comment = models.TextField(_("reviewer's comment"), blank=True)

    class Meta:
        verbose_name = _("report line")
        verbose_name_plural = _("report lines")
        ordering = ["submission", "position", "id"]

    def __str__(self):
        return f"{self.task_number} {self.task_title[:80]}".strip()

    def get_task_status_display(self):

        try:
            return Task.Status(self.task_status).label
        except ValueError:
            return self.task_status


def attachment_path(instance, filename):
    return f"reports/{instance.submission.request_id}/{instance.submission_id}/{filename}"


class Attachment(StoredFile):
    """A file attached to a report (minutes, tables): checked by content, served only through the policy."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("report"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)

    class Meta(StoredFile.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def get_absolute_url(self):
        return reverse("reporting:attachment_download", args=[self.pk])


class ConsolidatedReport(ChisoModel):
    """The level's own report for a period, built from the accepted submissions, approved by the leader and
    sent to the level above (where it becomes a submission to the upper level's request)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING = "awaiting", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        SENT = "sent", _("Sent to the upper level")

    period = models.OneToOneField(
        Period, verbose_name=_("period"), on_delete=models.CASCADE, related_name="consolidated"
    )
    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("number"), max_length=60, blank=True, help_text=_("e.g. 125/BC-UBND"))
    title = models.CharField(_("title"), max_length=500)
    report_date = models.DateField(_("date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("general assessment"), blank=True)
    narratives = models.JSONField(_("results by dimension"), default=dict, blank=True)
    shortcomings = models.TextField(_("shortcomings and causes"), blank=True)
    next_steps = models.TextField(_("tasks for the next period"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    figures = models.JSONField(_("completion figures"), default=dict, blank=True)
    task_results = models.JSONField(_("task results"), default=list, blank=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("consolidated report")
        verbose_name_plural = _("consolidated reports")
        ordering = ["-period__cutoff_end", "unit__path"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reporting:consolidated_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT
