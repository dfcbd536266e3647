"""Public disclosure (công khai, niêm yết): what a unit must post, where and for how long, and proof that it was.

A ``DisclosureType`` is a rule of the law (the poor-household list, the commune budget, land-use plans…): what is
posted, by whom, at which places, for how many days at least, how soon after the event that triggers it. A ``Duty``
is one instance of a rule for one unit — a year's or a quarter's list (recurring rules) or one recorded event (an
inspection conclusion signed, a recruitment's results approved). A ``Posting`` is the unit's proof: the document,
each place with its dates and a dated photo, and who confirmed it. Compliance (``compliance.py``) judges each
required place of each duty: on time, late, taken down early, missing.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chiso.core.models import ChisoModel, StoredFile

from .querysets import DutyQuerySet, PlaceQuerySet, PostingQuerySet


class Place(models.TextChoices):
    """Where a disclosure is made (Law on Grassroots Democracy 10/2022/QH15, Art. 12: the forms of disclosure)."""

    COMMITTEE_OFFICE = "committee_office", _("People's Committee office")
    VILLAGE_HOUSE = "village_house", _("Village culture house / community meeting place")
    ONE_STOP = "one_stop", _("One-stop counter")
    WEB_PORTAL = "web_portal", _("The unit's web portal")
    LOUDSPEAKER = "loudspeaker", _("Loudspeaker system")
    MEETING = "meeting", _("Meeting of the residents")


# Places where a dated photo is the proof; the portal, loudspeakers and meetings are proved otherwise (a link, a
# broadcast log, minutes), so a photo there is welcome but not required.
PHOTO_PLACES = frozenset({Place.COMMITTEE_OFFICE, Place.VILLAGE_HOUSE, Place.ONE_STOP})


class Recurrence(models.TextChoices):
    YEARLY = "yearly", _("Every year")
    QUARTERLY = "quarterly", _("Every quarter")
    PER_EVENT = "per_event", _("After each event")


class DeadlineUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    DAYS = "days", _("days")


# The fields a person edits on a rule (the page's form and the API write the same ones).
TYPE_FIELDS = [
    "unit",
    "code",
    "name",
    "content",
    "legal_basis",
    "poster",
    "level",
    "places",
    "min_days",
    "deadline_days",
    "deadline_unit",
    "recurrence",
    "anchor_month",
    "position",
    "is_active",
]


class DisclosureType(ChisoModel):
    """A disclosure rule: its legal basis, what is posted and by whom, the places, the minimum posting period and
    the deadline after the triggering event. National rules (no unit) are kept by administrators and loaded by
    ``chiso load-reference``; a province or district may add its own rules for its units."""

    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for a national rule; a unit's own rule applies to it and the units below."),
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    content = models.TextField(_("what is disclosed"), blank=True)
    legal_basis = models.TextField(_("legal basis"))
    poster = models.CharField(_("who posts"), max_length=200, blank=True)
    level = models.CharField(
        _("level that posts"),
        max_length=10,
        choices=[("commune", _("Commune")), ("district", _("District")), ("province", _("Province"))],
        default="commune",
    )
    places = models.JSONField(_("required places"), default=list)
    min_days = models.PositiveSmallIntegerField(
        _("minimum posting period (days)"),
        default=30,
        validators=[MaxValueValidator(3660)],
        help_text=_("0: posted for the whole period (a year or a quarter)."),
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("deadline after the event"), default=2, validators=[MaxValueValidator(365)]
    )
    deadline_unit = models.CharField(
        _("counted in"), max_length=12, choices=DeadlineUnit.choices, default=DeadlineUnit.DAYS
    )
    recurrence = models.CharField(
        _("recurrence"), max_length=10, choices=Recurrence.choices, default=Recurrence.PER_EVENT
    )
    anchor_month = models.PositiveSmallIntegerField(
        _("month of the yearly event"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("For a yearly rule: the deadline is counted from the first day of this month."),
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("order in a list", "position"), default=0)
    is_active = models.BooleanField(pgettext_lazy("a rule in force", "active"), default=True)

    class Meta:
        verbose_name = _("disclosure type")
        verbose_name_plural = _("disclosure types")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("disclosures:disclosuretype_detail", args=[self.pk])

    def clean(self):
        super().clean()
        places = self.places if isinstance(self.places, list) else []
        if not places:
            raise ValidationError(
                {"places": ValidationError(_("Choose at least one place where this is posted."), code="no_places")}
            )
        unknown = [p for p in places if p not in Place.values]
        if unknown:
            raise ValidationError(
                {
                    "places": ValidationError(
                        _("Unknown place: %(p)s.") % {"p": ", ".join(map(str, unknown))}, code="bad"
                    )
                }
            )
        if self.min_days == 0 and self.recurrence == Recurrence.PER_EVENT:
            raise ValidationError(
                {
                    "min_days": ValidationError(
                        _("A rule triggered by an event needs a minimum posting period of at least one day."),
                        code="no_period",
                    )
                }
            )

    def place_labels(self) -> list[str]:
        return [str(Place(p).label) for p in self.places if p in Place.values]

    def deadline_label(self) -> str:
        return f"{self.deadline_days} {DeadlineUnit(self.deadline_unit).label}"


class Duty(ChisoModel):
    """What one unit must post under one rule: a year's or a quarter's disclosure of a recurring rule (made by the
    daily job and when the unit's list is opened), or one recorded event. The rule's places and periods are copied
    when the duty is made, so a later edit of the rule does not rewrite past compliance."""

    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    type = models.ForeignKey(
        DisclosureType, verbose_name=_("disclosure type"), on_delete=models.PROTECT, related_name="duties"
    )
    # "2025", "2025-Q3" for a recurring rule (one duty per unit and period); empty for an event.
    key = models.CharField(pgettext_lazy("disclosure", "period"), max_length=10, blank=True)
    label = models.CharField(_("period or event"), max_length=300)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    trigger_on = models.DateField(_("event date"))
    due_on = models.DateField(_("post by"))
    places = models.JSONField(_("required places"), default=list)
    min_days = models.PositiveSmallIntegerField(_("minimum posting period (days)"), default=30)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DutyQuerySet.as_manager()

    class Meta:
        verbose_name = _("disclosure duty")
        verbose_name_plural = _("disclosure duties")
        ordering = ["due_on", "id"]
        constraints = [
            # The job and the page both make a recurring rule's duty for a period: it exists once.
            models.UniqueConstraint(
                fields=["type", "unit", "key"], condition=~Q(key=""), name="disclosures_duty_once_per_period"
            ),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("trigger_on")), name="disclosures_due_after_event"),
        ]
        indexes = [models.Index(fields=["unit", "due_on"], name="disclosures_duty_unit_idx")]

    def __str__(self):
        return f"{self.type} — {self.label}"

    def get_absolute_url(self):
        return reverse("disclosures:duty_detail", args=[self.pk])

    def place_labels(self) -> list[str]:
        return [str(Place(p).label) for p in self.places if p in Place.values]

    def required_days(self) -> int | None:
        """Days a posting must stay up; ``None`` when "until the end of the period" (``min_days`` 0)."""
        return self.min_days or None

    def required_until(self, posted_from: dt.date) -> dt.date | None:
        """The last day a posting that went up on ``posted_from`` must still be up."""
        if self.min_days:
            return posted_from + dt.timedelta(days=self.min_days - 1)
        return self.period_end


class Posting(ChisoModel):
    """A unit's record that it posted a duty's document: the places with their dates and photos, the files, and
    who confirmed it. Drafted by an officer, confirmed (then public), withdrawn with a reason if recorded wrongly."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONFIRMED = "confirmed", _("Confirmed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    duty = models.ForeignKey(Duty, verbose_name=_("duty"), on_delete=models.PROTECT, related_name="postings")
    title = models.CharField(_("document posted"), max_length=300)
    reference = models.CharField(
        _("reference"), max_length=300, blank=True, help_text=_("Number and date of the document, or a link to it.")
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    withdraw_reason = models.TextField(_("reason for withdrawal"), blank=True)

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("disclosures:posting_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def can_be_confirmed(self) -> bool:
        return self.status == self.Status.DRAFT

    def can_be_withdrawn(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CONFIRMED)


class PlaceState(models.TextChoices):
    """How a required place of a duty stands: the one home of the rule (pages, API, exports and the consolidated
    report read it from ``compliance``)."""

    ON_TIME = "on_time", _("Posted on time")
    LATE = "late", _("Posted late")
    TAKEN_DOWN_EARLY = "taken_down_early", _("Taken down early")
    MISSING = "missing", pgettext_lazy("disclosure", "Missing")
    NOT_DUE = "not_due", _("Not yet due")


class PostingPlace(ChisoModel):
    """One place where the document was posted, from one day to another (``posted_to`` empty: still up)."""

    posting = models.ForeignKey(Posting, verbose_name=_("posting"), on_delete=models.CASCADE, related_name="places")
    kind = models.CharField(pgettext_lazy("disclosure", "place"), max_length=20, choices=Place.choices)
    name = models.CharField(_("where exactly"), max_length=200, blank=True, help_text=_("e.g. Nhà văn hóa TDP số 3"))
    url = models.URLField(_("link"), max_length=500, blank=True)
    posted_from = models.DateField(_("posted from"))
    posted_to = models.DateField(_("posted to"), null=True, blank=True)
    taken_down_reason = models.TextField(_("why it came down early"), blank=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("place of posting")
        verbose_name_plural = _("places of posting")
        ordering = ["posting", "kind", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(posted_to__isnull=True) | Q(posted_to__gte=models.F("posted_from")),
                name="disclosures_place_ends_after_start",
            )
        ]

    def __str__(self):
        label = Place(self.kind).label if self.kind in Place.values else self.kind
        return f"{label} — {self.name}" if self.name else str(label)

    def days_up(self, today: dt.date) -> int:
        """Days the document has been (or was) up, counting both ends."""
        end = self.posted_to or today
        return max(0, (end - self.posted_from).days + 1)

    def state(self, duty: "Duty") -> str:
        """A ``PlaceState`` of a confirmed place: taken down early when it came down before the required end, else
        on time or late by the day it went up."""
        until = duty.required_until(self.posted_from)
        if self.posted_to is not None and until is not None and self.posted_to < until:
            return PlaceState.TAKEN_DOWN_EARLY.value
        return PlaceState.ON_TIME.value if self.posted_from <= duty.due_on else PlaceState.LATE.value

    def clean(self):
        super().clean()
        if self.posted_to and self.posted_from and self.posted_to < self.posted_from:
            raise ValidationError(
                {
                    "posted_to": ValidationError(
                        _("The posting ends (%(to)s) before it starts (%(from)s): check the two dates.")
                        % {"to": f"{self.posted_to:%d/%m/%Y}", "from": f"{self.posted_from:%d/%m/%Y}"},
                        code="ends_before_start",
                    )
                }
            )


def photo_path(instance, filename):
    return f"disclosures/{instance.place.posting_id}/photos/{filename}"


def document_path(instance, filename):
    return f"disclosures/{instance.posting_id}/documents/{filename}"


class PlacePhoto(StoredFile):
    """A dated photo of the document on the board: the proof of one place. Checked as evidence is (size, and a real
    photo by its content); served only through the policy."""

    place = models.ForeignKey(PostingPlace, verbose_name=_("place"), on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("file"), upload_to=photo_path, max_length=300)
    taken_on = models.DateField(_("photo taken on"))

    class Meta(StoredFile.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def get_absolute_url(self):
        return reverse("disclosures:photo_download", args=[self.pk])


class PostingDocument(StoredFile):
    """The document posted (the list, the budget tables, the decision): public on the portal when the posting is
    on the unit's web portal."""

    posting = models.ForeignKey(Posting, verbose_name=_("posting"), on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)

    class Meta(StoredFile.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def get_absolute_url(self):
        return reverse("disclosures:document_download", args=[self.pk])
