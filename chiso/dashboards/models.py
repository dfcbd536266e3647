"""The figures of the dashboards, kept by a recount (hourly job, or on demand), and the scorecards' formulas.

A ``Figure`` is one count of one unit (or one agency) for one year and period: how many tasks were done on time,
how many report requests were missing… ``part`` narrows it (a PAPI dimension's code "D3", a survey "survey:12").
The page reads stored figures (fast at national scale) and says when they were computed; the records behind a
figure are read live by ``chiso.dashboards.sources`` with the very condition that counted them.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chiso.core.models import ChisoModel

PERIODS = ("Y", "Q1", "Q2", "Q3", "Q4")


class Figure(models.Model):
    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey(
        "units.Agency", verbose_name=_("agency"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=2, default="Y")
    key = models.CharField(_("figure"), max_length=40)
    part = models.CharField(_("part"), max_length=24, blank=True)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    denominator = models.PositiveIntegerField(_("out of"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("dashboard figure")
        verbose_name_plural = _("dashboard figures")
        ordering = ["unit", "key", "part"]
        indexes = [
            models.Index(fields=["unit", "year", "period"], name="dashboards_figure_unit_idx"),
            models.Index(fields=["agency", "year", "period"], name="dashboards_figure_agency_idx"),
            models.Index(fields=["year", "period", "key"], name="dashboards_figure_key_idx"),
        ]

    def __str__(self):
        return f"{self.unit_id} {self.year}-{self.period} {self.key} {self.part}: {self.value}"


def default_criteria() -> list[dict]:
    """The formula of the issue (and of the city plan of 2024's emulation): five criteria, their weights in per
    cent and the minimum ratio under which a unit is reminded whatever its total."""
    return [
        {"key": "tasks_on_time", "weight": 30, "minimum": 50},
        {"key": "reports_on_time", "weight": 20, "minimum": 50},
        {"key": "feedback_on_time", "weight": 20, "minimum": 50},
        {"key": "disclosure", "weight": 15, "minimum": 50},
        {"key": "remedies_closed", "weight": 15, "minimum": 50},
    ]


class Scorecard(ChisoModel):
    """A unit's formula for rating the units of one level below it and its own agencies: criteria with weights and
    minimums, the score from which a unit is proposed for a reward and the one under which it is reminded."""

    class Level(models.TextChoices):
        DISTRICT = "district", _("Districts (before 1/7/2025)")
        COMMUNE = "commune", _("Communes")

    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("units rated"), max_length=10, choices=Level.choices, default=Level.COMMUNE)
    criteria = models.JSONField(_("criteria"), default=default_criteria)
    reward_from = models.DecimalField(
        _("proposed for a reward from"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("90"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    remind_below = models.DecimalField(
        _("reminded below"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("70"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["unit__path", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("dashboards:scorecard_detail", args=[self.pk])


class Recount(models.Model):
    """When the figures of a year and period were last counted, for the whole country (``root`` empty) or for one
    unit's subtree (a recount asked for from its dashboard): the time each panel shows."""

    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=2, default="Y")
    root = models.CharField(_("unit path"), max_length=120, blank=True)
    computed_at = models.DateTimeField(_("computed at"))
    figures = models.PositiveIntegerField(_("figures"), default=0)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        verbose_name = _("recount")
        verbose_name_plural = _("recounts")
        ordering = ["-computed_at"]
        constraints = [models.UniqueConstraint(fields=["year", "period", "root"], name="dashboards_recount_once")]

    def __str__(self):
        return f"{self.year}-{self.period} {self.root or '*'}"
