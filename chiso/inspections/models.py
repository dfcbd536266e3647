"""Inspections and supervision: a unit's yearly inspection plan, the inspections (scheduled, surprise, re-inspection,
supervision visits), their checklists, findings, the remedies with deadlines and their verification.

The loop of the seeds: "Tổ chức kiểm tra việc triển khai, thực hiện…", "kiến nghị khắc phục có thời hạn", re-inspection
of units inspected before, and "Công khai các kết luận thanh tra, kiểm tra, giám sát".
"""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chiso.core.models import ChisoModel, StoredFile

from .querysets import InspectionPlanQuerySet, InspectionQuerySet, RemedyQuerySet


class Theme(models.Model):
    """An inspection theme with its checklist template (seeded from the town plan, seed 002, items 6.2–6.9 and the
    fields named under "Kiểm soát tham nhũng": land procedures, recruitment)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("theme"), max_length=300)
    lead_agency_name = models.CharField(
        _("usual lead agency"), max_length=200, blank=True, help_text=_("As the town plan names it.")
    )
    papi_codes = models.CharField(_("PAPI sub-dimensions"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("inspection theme")
        verbose_name_plural = _("inspection themes")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class ChecklistItem(models.Model):
    """One question of a theme's checklist template, tied to a PAPI sub-dimension or indicator where it fits."""

    theme = models.ForeignKey(Theme, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=500)
    papi_code = models.CharField(_("PAPI code"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("checklist template item")
        verbose_name_plural = _("checklist template items")
        ordering = ["theme", "position", "id"]

    def __str__(self):
        return self.text


class InspectionPlan(ChisoModel):
    """A unit's yearly inspection plan (Kế hoạch kiểm tra): drafted by the inspectors or the standing body, issued by
    the leader like a plan. Its rows are the planned inspections."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting approval")
        ISSUED = "issued", _("Issued")

    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="inspection_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2009), MaxValueValidator(2100)])
    title = models.CharField(_("title"), max_length=500)
    code = models.CharField(_("number"), max_length=60, blank=True, help_text=_("e.g. 05/KH-UBND"))
    papi_plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("PAPI plan it carries out"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspection_plans",
    )
    note = models.TextField(_("purposes and requirements"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = InspectionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "unit__path", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspections:inspectionplan_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class Inspection(ChisoModel):
    """One inspection (cuộc kiểm tra) or supervision visit: its decision, team, checklist, findings and conclusion.

    ``unit`` is the inspecting level (its inspectors and leaders act); ``inspected_unit`` is the unit inspected, whose
    officials see the inspection and answer its remedies.
    """

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", pgettext_lazy("inspection kind", "Scheduled")
        SURPRISE = "surprise", _("Surprise")
        REINSPECTION = "reinspection", _("Re-inspection")
        SUPERVISION = "supervision", _("Supervision visit")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNDERWAY = "underway", _("Under way")
        AWAITING_APPROVAL = "awaiting_approval", _("Conclusion awaiting approval")
        CONCLUDED = "concluded", _("Concluded")
        CLOSED = "closed", _("Closed")

    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("inspection plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("inspecting unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, default=Kind.SCHEDULED)
    theme = models.ForeignKey(Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="inspections")
    title = models.CharField(_("title"), max_length=500)
    inspected_unit = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("inspected unit"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    inspected_agency = models.ForeignKey(
        "units.Agency",
        verbose_name=_("inspected agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    lead_agency = models.ForeignKey(
        "units.Agency",
        verbose_name=_("lead agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_inspections",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("earlier inspection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reinspections",
    )
    task = models.ForeignKey(
        "plans.Task",
        verbose_name=_("plan task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspections",
    )
    planned_month = models.PositiveSmallIntegerField(
        _("planned month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2009), MaxValueValidator(2100)])
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    # The decision (Quyết định kiểm tra).
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    start_on = models.DateField(_("from"), null=True, blank=True)
    end_on = models.DateField(_("to"), null=True, blank=True)
    scope = models.TextField(_("content of the inspection"), blank=True)
    # The conclusion (Kết luận kiểm tra).
    conclusion = models.TextField(_("conclusion"), blank=True)
    conclusion_number = models.CharField(_("conclusion number"), max_length=60, blank=True)
    conclusion_date = models.DateField(_("conclusion date"), null=True, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=150, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_public = models.BooleanField(_("published on the portal"), default=False)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    closing_note = models.TextField(_("note on closing"), blank=True)
    escalate_after_days = models.PositiveSmallIntegerField(
        _("escalate after (working days)"),
        default=5,
        validators=[MaxValueValidator(60)],
        help_text=_("An overdue remedy is reported to the level above after this many working days."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InspectionQuerySet.as_manager()

    # The history reads the team (members of their own, set by the decision): :meth:`audit_extra`.
    audit_extra_fields = {"team": (_("Team"), None)}

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-year", "planned_month", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_on__isnull=True) | Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="inspections_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["inspected_unit", "year"], name="inspections_unit_year_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspections:inspection_detail", args=[self.pk])

    def audit_extra(self) -> dict:
        """The team as decided ([name, position, role] each) for the inspection's history: a member named, dropped
        or given another role is in the entry of the decision that did it."""
        members = TeamMember.objects.filter(inspection=self).order_by("id")
        return {"team": [list(m) for m in members.values_list("name", "position", "role")]}

    @staticmethod
    def audit_display(field_name, value):
        """The history names the team's members as the decision does: "Nguyễn Văn An, Chánh Thanh tra (Trưởng
        đoàn)", the role in the reader's language."""
        if field_name != "team" or not isinstance(value, list):
            return value
        roles = dict(TeamMember.Role.choices)

        def member(name, position, role):
            who = f"{name}, {position}" if position else name
            return f"{who} ({roles.get(role, role)})"

        return [member(*m) for m in value]

    @property
    def is_supervision(self) -> bool:
        return self.kind == self.Kind.SUPERVISION

    @property
    def held_on(self) -> dt.date | None:
        return self.start_on or self.decision_date

    def can_record(self) -> bool:
        """Findings, answers and evidence are recorded while the inspection is under way."""
        return self.status == self.Status.UNDERWAY


class TeamMember(models.Model):
    """A member of the inspection team (Đoàn kiểm tra) and their role in it."""

    class Role(models.TextChoices):
        HEAD = "head", _("Head of the team")
        DEPUTY = "deputy", _("Deputy head")
        MEMBER = "member", _("Member")
        SECRETARY = "secretary", _("Secretary")

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="team"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=200, blank=True)
    role = models.CharField(_("role in the team"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["inspection", "id"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class Answer(models.Model):
    """One checklist item of this inspection, copied from the theme's template, with the team's answer and note."""

    class Value(models.TextChoices):
        UNANSWERED = "", _("Not yet checked")
        YES = "yes", _("Met")
        PARTLY = "partly", _("Partly met")
        NO = "no", _("Not met")
        NOT_APPLICABLE = "na", _("Not applicable")

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="answers"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=500)
    papi_code = models.CharField(_("PAPI code"), max_length=20, blank=True)
    value = models.CharField(_("answer"), max_length=8, choices=Value.choices, blank=True, default="")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["inspection", "position", "id"]

    def __str__(self):
        return f"{self.position}. {self.text}"


def evidence_path(instance, filename):
    return f"inspections/{instance.inspection_id}/{filename}"


class InspectionEvidence(StoredFile):
    """A file gathered by the team (minutes, photos, records), checked as every evidence file is."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="evidence"
    )
    answer = models.ForeignKey(
        Answer, verbose_name=_("checklist item"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)

    class Meta(StoredFile.Meta):
        verbose_name = _("inspection evidence")
        verbose_name_plural = _("inspection evidence")

    def get_absolute_url(self):
        return reverse("inspections:evidence_download", args=[self.pk])


class Finding(ChisoModel):
    """A shortcoming found (tồn tại, hạn chế, thiếu sót), against a checklist item where it fits; for a supervision
    visit, a recommendation to the committee."""

    class Severity(models.TextChoices):
        MINOR = "minor", _("Minor")
        MODERATE = "moderate", _("Moderate")
        SERIOUS = "serious", _("Serious")

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="findings"
    )
    answer = models.ForeignKey(
        Answer,
        verbose_name=_("checklist item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    number = models.PositiveSmallIntegerField(_("no."))
    text = models.TextField(_("finding"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MODERATE)
    found_on = models.DateField(_("found on"))
    # Re-inspection: the same shortcoming was found by the earlier inspection.
    recurs = models.ForeignKey(
        "self",
        verbose_name=_("same as the earlier finding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recurrences",
    )

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection", "number"]
        constraints = [models.UniqueConstraint(fields=["inspection", "number"], name="inspections_finding_number")]

    def __str__(self):
        return f"{self.number}. {self.text[:120]}"

    def get_absolute_url(self):
        return reverse("inspections:inspection_detail", args=[self.inspection_id]) + f"#finding-{self.pk}"

    @property
    def is_recurring(self) -> bool:
        return self.recurs_id is not None


class Remedy(ChisoModel):
    """A remedy ordered for a finding (kiến nghị khắc phục có thời hạn): the responsible agency, the deadline, the
    evidence expected; the agency reports it done, the inspector verifies it (accepted, or reopened with a reason and a
    new deadline). For a supervision visit, a request the committee answers (accepted or explained)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        REPORTED = "reported", _("Reported done, awaiting verification")
        REOPENED = "reopened", _("Reopened")
        VERIFIED = "verified", _("Verified")
        ANSWERED = "answered", _("Answered")

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", pgettext_lazy("recommendation answer", "Accepted")
        EXPLAINED = "explained", _("Explained")

    OPEN_STATES = (Status.OPEN, Status.REOPENED)
    RESOLVED_STATES = (Status.VERIFIED, Status.ANSWERED)

    finding = models.ForeignKey(Finding, verbose_name=_("finding"), on_delete=models.CASCADE, related_name="remedies")
    text = models.TextField(_("remedy"))
    agency = models.ForeignKey(
        "units.Agency", verbose_name=_("responsible agency"), on_delete=models.PROTECT, related_name="remedies"
    )
    evidence_expected = models.CharField(_("evidence expected"), max_length=300, blank=True)
    assigned_on = models.DateField(_("assigned on"))
    deadline_days = models.PositiveSmallIntegerField(
        _("deadline in working days"), null=True, blank=True, validators=[MaxValueValidator(365)]
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    reported_on = models.DateField(_("reported done on"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    was_late = models.BooleanField(_("resolved late"), default=False)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    answer = models.CharField(_("committee's answer"), max_length=10, choices=Answer.choices, blank=True)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)

    objects = RemedyQuerySet.as_manager()

    class Meta:
        verbose_name = _("remedy")
        verbose_name_plural = _("remedies")
        ordering = ["finding", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=models.F("assigned_on")), name="inspections_remedy_due"),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="inspections_remedy_due_idx")]

    def __str__(self):
        return self.text[:120]

    def get_absolute_url(self):
        return reverse("inspections:inspection_detail", args=[self.finding.inspection_id]) + f"#remedy-{self.pk}"

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status in self.OPEN_STATES and self.due_on < today

    def timeliness(self, today: dt.date | None = None) -> str:
        """One of ``Timeliness``: derived, never stored."""
        today = today or timezone.localdate()
        if self.status in self.RESOLVED_STATES:
            return Timeliness.LATE if self.was_late else Timeliness.ON_TIME
        if self.status == self.Status.REPORTED:
            return Timeliness.AWAITING
        if self.due_on < today:
            return Timeliness.OVERDUE
        return Timeliness.REOPENED if self.status == self.Status.REOPENED else Timeliness.OPEN


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", _("Resolved on time")
    LATE = "late", _("Resolved late")
    AWAITING = "awaiting", _("Awaiting verification")
    OPEN = "open", _("Open, within term")
    REOPENED = "reopened", _("Reopened, within term")
    OVERDUE = "overdue", _("Overdue")


class RemedyReport(ChisoModel):
    """The responsible agency's report that a remedy is done, with evidence, and the inspector's verdict on it."""

    class Verdict(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        ACCEPTED = "accepted", pgettext_lazy("remedy verdict", "Accepted")
        REJECTED = "rejected", pgettext_lazy("remedy verdict", "Not accepted")

    remedy = models.ForeignKey(Remedy, verbose_name=_("remedy"), on_delete=models.CASCADE, related_name="reports")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_on = models.DateField(_("date"))
    text = models.TextField(_("what was done"))
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices, default=Verdict.PENDING)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_on = models.DateField(_("verified on"), null=True, blank=True)

    class Meta:
        verbose_name = _("remedy report")
        verbose_name_plural = _("remedy reports")
        ordering = ["remedy", "id"]

    def __str__(self):
        return f"{self.remedy} — {self.reported_on:%d/%m/%Y}"

    def get_absolute_url(self):
        return self.remedy.get_absolute_url()


def remedy_evidence_path(instance, filename):
    return f"inspections/remedies/{instance.report.remedy_id}/{filename}"


class RemedyEvidence(StoredFile):
    """A file attached to a remedy report (a photo of the counter, the minutes of a meeting…)."""

    report = models.ForeignKey(
        RemedyReport, verbose_name=_("remedy report"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=remedy_evidence_path, max_length=300)

    class Meta(StoredFile.Meta):
        verbose_name = _("remedy evidence")
        verbose_name_plural = _("remedy evidence")

    def get_absolute_url(self):
        return reverse("inspections:remedy_evidence_download", args=[self.pk])
