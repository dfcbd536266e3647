"""What citizens say and see: feedback with its deadlines, routing rules, reception sessions, dialogues."""

import datetime as dt
import os

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chiso.core.models import ChisoModel

from .querysets import DialogueQuerySet, FeedbackQuerySet, ReceptionSessionQuerySet

# PAPI dimension codes (the framework's D1–D8) a feedback category may belong to.
DIMENSION_CHOICES = [
    ("D1", _("D1 Participation at local levels")),
    ("D2", _("D2 Transparency in local decision-making")),
    ("D3", _("D3 Vertical accountability")),
    ("D4", _("D4 Control of corruption in the public sector")),
    ("D5", _("D5 Public administrative procedures")),
    ("D6", _("D6 Public service delivery")),
    ("D7", _("D7 Environmental governance")),
    ("D8", _("D8 E-governance")),
]


class FeedbackCategory(ChisoModel):
    """What a piece of feedback is about, tied to the PAPI dimension it bears on, with its default deadlines.

    Deadlines are in working days from the day after receipt (``chiso.lib.workdays``): acknowledging (accept or
    reject) and answering. The defaults (3 and 10) follow the ten-day handling time usual for petitions under the
    Law on Citizen Reception 2013; the standing body sets them per category.
    """

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    dimension_code = models.CharField(_("PAPI dimension"), max_length=4, choices=DIMENSION_CHOICES, blank=True)
    acknowledge_days = models.PositiveSmallIntegerField(
        _("working days to acknowledge"), default=3, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    answer_days = models.PositiveSmallIntegerField(
        _("working days to answer"), default=10, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("feedback category")
        verbose_name_plural = _("feedback categories")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("citizens:feedbackcategory_detail", args=[self.pk])


class RoutingRule(ChisoModel):
    """Send feedback of a category (or any category) about a unit and the units below it to an agency.

    The most specific rule wins: the deepest unit first, then a rule naming the category over one that does not.
    """

    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="routing_rules"
    )
    category = models.ForeignKey(
        FeedbackCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="routing_rules",
        help_text=_("Leave empty for every category."),
    )
    agency = models.ForeignKey(
        "units.Agency", verbose_name=_("handling agency"), on_delete=models.PROTECT, related_name="routing_rules"
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["unit__path", "category__position"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "category"], name="citizens_rule_unique_unit_category"),
            models.UniqueConstraint(
                fields=["unit"], condition=Q(category__isnull=True), name="citizens_rule_unique_unit_default"
            ),
        ]

    def __str__(self):
        category = self.category or _("every category")
        return f"{self.unit} · {category} → {self.agency}"

    def get_absolute_url(self):
        return reverse("citizens:routingrule_detail", args=[self.pk])


class Feedback(ChisoModel):
    """A citizen's feedback or petition (phản ánh, kiến nghị) about a unit, followed from receipt to resolution.

    The ``tracking_code`` is the citizen's only key: it is random, shown once the row is stored, and lets its
    holder read the status and the published answer and rate it. Contact details and attachments are for the
    handlers only (the policy's ``view`` on this model); the public pages read ``public_*`` fields only.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACCEPTED = "accepted", _("Being handled")
        AWAITING_APPROVAL = "awaiting_approval", _("Answer awaiting approval")
        ANSWERED = "answered", _("Answered")
        RESOLVED = "resolved", _("Resolved (confirmed)")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Not accepted")
        MERGED = "merged", _("Merged with another")

    class Source(models.TextChoices):
        WEB = "web", _("Public portal")
        API = "api", _("API")
        RECEPTION = "reception", _("Citizen reception")
        DIALOGUE = "dialogue", _("Dialogue")

    class RejectReason(models.TextChoices):
        DUPLICATE = "duplicate", _("Duplicate")
        OUT_OF_SCOPE = "out_of_scope", _("Outside this authority's remit")
        NOT_ENOUGH_DETAIL = "not_enough_detail", _("Not enough detail to act on")
        OTHER = "other", _("Other")

    class Resolution(models.TextChoices):
        RESOLVED = "resolved", _("Resolved")
        NOT_RESOLVED = "not_resolved", _("Not resolved")

    OPEN_STATUSES = (Status.RECEIVED, Status.ACCEPTED, Status.AWAITING_APPROVAL)

    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True, editable=False)
    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="feedback"
    )
    category = models.ForeignKey(
        FeedbackCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="feedback"
    )
    agency = models.ForeignKey(
        "units.Agency",
        verbose_name=_("handling agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    source = models.CharField(_("received through"), max_length=10, choices=Source.choices, default=Source.WEB)
    subject = models.CharField(_("subject"), max_length=200)
    # What the portal shows as the item's title: set by the handler or the leader (pre-filled from the subject) and
    # published only with the approved answer. The citizen's own subject may hold names or addresses: never public.
    public_subject = models.CharField(_("public title"), max_length=200, blank=True)
    text = models.TextField(_("content"))
    # The form's one-time key: a second identical POST (a double click, a retried request) finds the stored item.
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    contact_name = models.CharField(_("name"), max_length=150, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_consent = models.BooleanField(_("consent to be contacted"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    received_on = models.DateField(_("received on"))
    acknowledge_due_on = models.DateField(_("acknowledge by"))
    answer_due_on = models.DateField(_("answer by"))
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    reject_reason = models.CharField(_("reason"), max_length=20, choices=RejectReason.choices, blank=True)
    reject_note = models.TextField(_("explanation"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    answer = models.TextField(_("answer"), blank=True)
    answer_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answer drafted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    follow_up_on = models.DateField(_("ask whether resolved on"), null=True, blank=True)
    follow_up_sent_at = models.DateTimeField(_("asked whether resolved at"), null=True, blank=True)
    resolution = models.CharField(_("citizen says"), max_length=14, choices=Resolution.choices, blank=True)
    resolution_on = models.DateField(_("confirmed on"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.CharField(_("comment on the answer"), max_length=500, blank=True)
    return_reason = models.TextField(_("returned by the leader because"), blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    reception_session = models.ForeignKey(
        "ReceptionSession",
        verbose_name=_("reception session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    dialogue = models.ForeignKey(
        "Dialogue",
        verbose_name=_("dialogue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="citizens_feedback_rating_1_5"
            ),
            models.CheckConstraint(
                condition=Q(answer_due_on__gte=models.F("received_on")), name="citizens_feedback_due_after_receipt"
            ),
        ]
        indexes = [
            # The inbox: an agency's open items by due date.
            models.Index(fields=["agency", "status", "answer_due_on"], name="citizens_fb_inbox_idx"),
            models.Index(fields=["unit", "status"], name="citizens_fb_unit_status_idx"),
            models.Index(fields=["received_on"], name="citizens_fb_received_idx"),
        ]

    def __str__(self):
        return f"{self.tracking_code} — {self.subject}"

    def get_absolute_url(self):
        return reverse("citizens:feedback_detail", args=[self.pk])

    def get_public_url(self):
        return reverse("citizens:public_feedback", args=[self.tracking_code])

    # --- row facts ---------------------------------------------------------------------------------
    @property
    def public_title(self) -> str:
        """The title the public reads: the public title once the leader published it with the answer, else the
        category (never the citizen's own subject, never a title still awaiting approval)."""
        if self.public_subject and self.is_public:
            return self.public_subject
        return _("Feedback about: %(category)s") % {"category": self.category.name}

    @property
    def due_label(self) -> str:
        """Which deadline applies now: acknowledging (while received) or answering."""
        return _("Acknowledge by") if self.status == self.Status.RECEIVED else _("Answer by")

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def deadline_state(self, today: dt.date | None = None) -> str:
        """ "overdue", "due_soon" (within two days) or "" for the deadline that applies now."""
        today = today or timezone.localdate()
        if not self.is_open:
            return ""
        due = self.acknowledge_due_on if self.status == self.Status.RECEIVED else self.answer_due_on
        if today > due:
            return "overdue"
        if (due - today).days <= 2:
            return "due_soon"
        return ""

    @property
    def current_due_on(self):
        return self.acknowledge_due_on if self.status == self.Status.RECEIVED else self.answer_due_on

    @property
    def answered_on_time(self) -> bool | None:
        if self.answered_on is None:
            return None
        return self.answered_on <= self.answer_due_on

    @property
    def is_public(self) -> bool:
        """Answers are published once approved; the list of published answers reads only these."""
        return self.status in (self.Status.ANSWERED, self.Status.RESOLVED, self.Status.CLOSED) and bool(self.answer)

    def can_be_triaged(self) -> bool:
        return self.status == self.Status.RECEIVED

    def can_be_answered(self) -> bool:
        return self.status == self.Status.ACCEPTED

    def can_be_approved(self) -> bool:
        return self.status == self.Status.AWAITING_APPROVAL

    def can_be_rated(self) -> bool:
        return self.status in (self.Status.ANSWERED, self.Status.RESOLVED, self.Status.CLOSED)

    def can_be_reopened(self) -> bool:
        return self.status in (self.Status.ANSWERED, self.Status.RESOLVED, self.Status.CLOSED)


def attachment_path(instance, filename):
    # Under MEDIA_ROOT, never under the static files; served only by citizens:attachment_download.
    return f"feedback/{instance.feedback.received_on:%Y/%m}/{instance.feedback.tracking_code}/{filename}"


class FeedbackAttachment(models.Model):
    """A photo or document sent with feedback; the file type was checked by its first bytes, not its name."""

    feedback = models.ForeignKey(
        Feedback, verbose_name=_("feedback"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("citizens:attachment_download", args=[self.pk])

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def extension(self) -> str:
        return os.path.splitext(self.name)[1].lower()


class ReceptionSession(ChisoModel):
    """A leader's citizen-reception session (tiếp công dân), on the published schedule; cases become feedback."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="reception_sessions",
    )
    leader_name = models.CharField(_("receiving leader"), max_length=150)
    leader_title = models.CharField(_("title"), max_length=150, blank=True)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("to"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=250)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    citizens_received = models.PositiveSmallIntegerField(_("citizens received"), default=0)
    notes = models.TextField(_("notes"), blank=True)

    objects = ReceptionSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("reception session")
        verbose_name_plural = _("reception sessions")
        ordering = ["-date", "start_time"]
        indexes = [models.Index(fields=["unit", "date"], name="citizens_reception_unit_idx")]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.leader_name}"

    def get_absolute_url(self):
        return reverse("citizens:receptionsession_detail", args=[self.pk])


class Dialogue(ChisoModel):
    """A dialogue between the committee and citizens (đối thoại), planned and recorded with the law's deadlines.

    The deadlines of the Law on Implementing Grassroots Democracy (2022) as the issue states them: a commune holds at
    least one a year; time, place and content are public at least 7 days before; the results within 10 days after.
    """

    NOTICE_DAYS = 7
    RESULTS_DAYS = 10

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    class NoticeState(models.TextChoices):
        ON_TIME = "on_time", _("Notice published on time")
        LATE = "late", _("Notice published late (fewer than 7 days before)")
        OVERDUE = "overdue", _("Notice not published, and the 7-day notice has passed")
        PENDING = "pending", _("Notice to be published")

    class ResultsState(models.TextChoices):
        ON_TIME = "on_time", _("Results published on time")
        LATE = "late", _("Results published late (more than 10 days after)")
        OVERDUE = "overdue", _("Results not published within 10 days")
        PENDING = "pending", _("Results to be published")

    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="dialogues"
    )
    title = models.CharField(_("topics"), max_length=300)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=250)
    chair = models.CharField(_("chaired by"), max_length=150)
    participants = models.TextField(_("participants"), blank=True)
    notice_published_on = models.DateField(_("notice published on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    results = models.TextField(_("results"), blank=True)
    results_published_on = models.DateField(_("results published on"), null=True, blank=True)

    objects = DialogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        ordering = ["-date"]
        indexes = [models.Index(fields=["unit", "date"], name="citizens_dialogue_unit_idx")]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.title}"

    def get_absolute_url(self):
        return reverse("citizens:dialogue_detail", args=[self.pk])

    @property
    def notice_due_on(self) -> dt.date:
        return self.date - dt.timedelta(days=self.NOTICE_DAYS)

    @property
    def results_due_on(self) -> dt.date:
        return self.date + dt.timedelta(days=self.RESULTS_DAYS)

    def notice_state(self, today: dt.date | None = None) -> str:
        """ "on_time", "late" (published fewer than 7 days before), "overdue" (not yet, and too late) or "pending"."""
        today = today or timezone.localdate()
        if self.notice_published_on:
            return "on_time" if self.notice_published_on <= self.notice_due_on else "late"
        return "overdue" if today > self.notice_due_on else "pending"

    def results_state(self, today: dt.date | None = None) -> str:
        today = today or timezone.localdate()
        if self.status != self.Status.HELD:
            return ""
        if self.results_published_on:
            return "on_time" if self.results_published_on <= self.results_due_on else "late"
        return "overdue" if today > self.results_due_on else "pending"

    def notice_label(self, today: dt.date | None = None) -> str:
        return self.NoticeState(self.notice_state(today)).label

    def results_label(self, today: dt.date | None = None) -> str:
        state = self.results_state(today)
        return self.ResultsState(state).label if state else ""


class DialogueCommitment(models.Model):
    """A commitment made at a dialogue, carried into the unit's plan as a task (so its progress is followed)."""

    dialogue = models.ForeignKey(
        Dialogue, verbose_name=_("dialogue"), on_delete=models.CASCADE, related_name="commitments"
    )
    text = models.TextField(_("commitment"))
    task = models.OneToOneField(
        "plans.Task", verbose_name=_("task"), on_delete=models.PROTECT, related_name="dialogue_commitment"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dialogue commitment")
        verbose_name_plural = _("dialogue commitments")
        ordering = ["id"]

    def __str__(self):
        return self.text[:120]
