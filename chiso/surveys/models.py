"""Satisfaction surveys (Khảo sát, đo lường sự hài lòng): a questionnaire of a unit, the points where it is collected
(a commune, a one-stop counter, a health station) with a public link and QR code each, and the responses.

What a survey *measures* is read from its responses by ``scoring.py``; nothing derived is stored.
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from chiso.core.models import ChisoModel

from .querysets import ResponseQuerySet, SurveyQuerySet

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,59}$")
PAPI_CODE = re.compile(r"^D[1-8](\.[1-9](\.[0-9]{1,2})?)?$")


class Factor(models.TextChoices):
    """The five factors of SIPAS (Chỉ số hài lòng về sự phục vụ hành chính, Decision 3279/QĐ-BNV)."""

    ACCESS = "access", _("Access to the service")
    PROCEDURES = "procedures", _("Administrative procedures")
    STAFF = "staff", _("Civil servants")
    RESULTS = "results", _("Results of the service")
    FEEDBACK = "feedback", _("Handling of feedback")


def new_token() -> str:
    return secrets.token_urlsafe(9)


class SurveyTemplate(models.Model):
    """A ready-made questionnaire (reference data, ``chiso load-reference``): SIPAS's five factors, mini-PAPI…
    ``definition`` is the list of questions as :func:`chiso.surveys.services.create_survey` copies them."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    definition = models.JSONField(_("questions"), default=list)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("survey template")
        verbose_name_plural = _("survey templates")
        ordering = ["order", "key"]

    def __str__(self):
        return self.title


class Survey(ChisoModel):
    """A unit's questionnaire for one round: built in draft, open for answers between two dates, then closed.

    ``min_sample`` is the number of responses under which a unit or point is shown but not ranked (30 by
    default: below it the interval is too wide to order units by). ``previous`` is the last round, compared
    with this one on the results page.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description = models.TextField(_("introduction"), blank=True)
    template_key = models.CharField(_("template"), max_length=40, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    min_sample = models.PositiveSmallIntegerField(
        _("minimum sample to rank"), default=30, validators=[MinValueValidator(2), MaxValueValidator(10000)]
    )
    results_public = models.BooleanField(_("publish the results on the portal"), default=False)
    weight_question = models.CharField(
        _("weight by the answers to"),
        max_length=60,
        blank=True,
        help_text=_("A single-choice question (sex, age group…): its answers are weighted to the shares below."),
    )
    weight_shares = models.JSONField(_("population shares"), default=dict, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_rounds",
    )

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__isnull=True)
                | models.Q(opens_on__isnull=True)
                | models.Q(closes_on__gte=models.F("opens_on")),
                name="surveys_survey_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:survey_detail", args=[self.pk])

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The closing date is before the opening date.")})

    @property
    def is_editable(self) -> bool:
        """Questions change only in draft: answers already given would no longer match them."""
        return self.status == self.Status.DRAFT

    def can_be_opened(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CLOSED)

    def can_be_closed(self) -> bool:
        return self.status == self.Status.OPEN

    def accepts_answers(self, on) -> bool:
        """Open, and ``on`` within the dates (either may be left open)."""
        if self.status != self.Status.OPEN:
            return False
        if self.opens_on and on < self.opens_on:
            return False
        return not (self.closes_on and on > self.closes_on)

    def results_visible_to_public(self) -> bool:
        return self.results_public and self.status != self.Status.DRAFT


class Question(ChisoModel):
    """One question. ``name`` is its XLSForm name (the column of an export); ``relevant`` an XLSForm condition on
    earlier answers (``${q1} = '1'``); ``choices`` ``[{"name", "label", "label_en", "score"}]`` for choice questions
    (``score`` 0–100 makes a single choice count in the indices: "paid an unofficial fee" → 0). Likert answers
    1–5 score 0, 25, 50, 75, 100."""

    class Kind(models.TextChoices):
        LIKERT = "likert", _("Satisfaction 1–5")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        NUMBER = "number", _("Number")
        TEXT = "text", _("Text")
        DATE = "date", _("Date")

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("position"), default=0)
    section = models.CharField(_("section"), max_length=200, blank=True)
    name = models.CharField(_("name (XLSForm)"), max_length=60)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("question"), max_length=500)
    label_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    relevant = models.CharField(_("asked only when"), max_length=300, blank=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    factor = models.CharField(_("SIPAS factor"), max_length=12, choices=Factor.choices, blank=True)
    papi_code = models.CharField(
        _("PAPI dimension or sub-dimension"), max_length=12, blank=True, help_text=_("e.g. D5 or D5.2")
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "name"], name="surveys_question_unique_name"),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        errors = {}
        if not NAME.match(self.name or ""):
            errors["name"] = _("A name is letters, digits and _ only, starting with a letter (e.g. q1_waiting).")
        if self.papi_code and not PAPI_CODE.match(self.papi_code):
            errors["papi_code"] = _("A PAPI code looks like D5 or D5.2.")
        if self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE) and not self.choices:
            errors["choices"] = _("A choice question needs its choices.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_scored(self) -> bool:
        if self.kind == self.Kind.LIKERT:
            return True
        return self.kind == self.Kind.SINGLE and any(c.get("score") not in (None, "") for c in self.choices)

    def option_list(self) -> list[dict]:
        """The choices as offered: Likert's five levels, or the question's own."""
        if self.kind == self.Kind.LIKERT:
            return likert_choices()
        return list(self.choices)

    def score_of(self, value) -> float | None:
        """0–100 for an answer of a scored question; None when the answer does not count (blank, "don't know")."""
        if value in (None, "", []):
            return None
        if self.kind == self.Kind.LIKERT:
            try:
                level = int(value)
            except (TypeError, ValueError):
                return None
            return (level - 1) * 25.0 if 1 <= level <= 5 else None
        if self.kind == self.Kind.SINGLE:
            for choice in self.choices:
                if choice.get("name") == str(value) and choice.get("score") not in (None, ""):
                    return float(choice["score"])
        return None


def likert_choices() -> list[dict]:
    labels = [
        ("1", gettext("Very dissatisfied")),
        ("2", gettext("Dissatisfied")),
        ("3", gettext("Neither satisfied nor dissatisfied")),
        ("4", gettext("Satisfied")),
        ("5", gettext("Very satisfied")),
    ]
    return [{"name": name, "label": label, "score": (int(name) - 1) * 25} for name, label in labels]


class CollectionPoint(ChisoModel):
    """Where answers are collected: a unit of the survey's subtree, or a service point inside it (the one-stop
    counter, the health station). Its ``token`` is the public link and QR code; ``quota`` its share of the sample."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="points")
    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("service point"), max_length=200, blank=True)
    quota = models.PositiveIntegerField(_("quota (responses)"), default=0)
    token = models.CharField(_("link code"), max_length=20, unique=True, default=new_token, editable=False)

    class Meta:
        verbose_name = _("collection point")
        verbose_name_plural = _("collection points")
        ordering = ["survey", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "unit", "name"], name="surveys_point_unique_name"),
        ]

    def __str__(self):
        return f"{self.unit.name} — {self.name}" if self.name else self.unit.name

    def get_public_url(self):
        return reverse("surveys:public_form", args=[self.token])


class Response(models.Model):
    """One respondent's answers (``answers``: question name → value; a list for multiple choice). A web answer
    carries the hash of its device's signed cookie, so one device answers once; paper and imported forms carry
    who entered them."""

    class Channel(models.TextChoices):
        WEB = "web", _("Public link")
        PAPER = "paper", _("Paper form")
        IMPORT = "import", _("Imported file")
        API = "api", _("API")

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses")
    point = models.ForeignKey(
        CollectionPoint, verbose_name=_("collection point"), on_delete=models.PROTECT, related_name="responses"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    answers = models.JSONField(_("answers"), default=dict)
    device = models.CharField(_("device"), max_length=64, null=True, blank=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["id"]
        constraints = [
            # One response per device and survey: a double click or a second visit is refused, never stored twice.
            models.UniqueConstraint(fields=["survey", "device"], name="surveys_response_one_per_device"),
        ]
        indexes = [models.Index(fields=["survey", "point"], name="surveys_response_point_idx")]

    def __str__(self):
        return f"#{self.pk} — {self.survey}"
