"""The PAPI framework (and sister indices) and the published provincial results."""

from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from chiso.core.models import ChisoModel
from chiso.lib.text import fold


class BilingualName(models.Model):
    """Names kept in both languages, as PAPI publishes them; ``name`` follows the active language."""

    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        if translation.get_language() == "en":
            return self.name_en or self.name_vi
        return self.name_vi or self.name_en


class Index(BilingualName, ChisoModel):
    """An index that plans aim at: PAPI, and later PCI, PAR INDEX, SIPAS."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    website = models.URLField(_("website"), blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)

    class Meta:
        verbose_name = _("index")
        verbose_name_plural = _("indices")
        ordering = ["code"]

    def __str__(self):
        return self.code


class Dimension(BilingualName, ChisoModel):
    """One of PAPI's content areas (D1–D8), scored 1–10. D7 and D8 exist from 2018."""

    index = models.ForeignKey(Index, verbose_name=_("index"), on_delete=models.CASCADE, related_name="dimensions")
    code = models.CharField(_("code"), max_length=10)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    since = models.PositiveSmallIntegerField(_("scored since"), null=True, blank=True)
    until = models.PositiveSmallIntegerField(_("scored until"), null=True, blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["index", "order"]
        constraints = [models.UniqueConstraint(fields=["index", "code"], name="indices_dimension_unique_code")]

    def __str__(self):
        return f"{self.code}. {self.name}"

    def get_absolute_url(self):
        return reverse("indices:dimension_detail", args=[self.pk])

    def is_scored_in(self, year: int) -> bool:
        return (self.since is None or self.since <= year) and (self.until is None or year <= self.until)


class SubDimension(BilingualName, ChisoModel):
    """A sub-dimension; each of a dimension's n sub-dimensions is scored on [1/n, 10/n] in a given year.

    The structure changed in 2016 (D3.2 added), 2018 (D2.1, D3.3, D7, D8 added; D3.L1/L2 retired),
    2019 (D8.3) and 2021 (D5.2 retired), so each row keeps the years it was scored.
    """

    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.CASCADE, related_name="subdimensions"
    )
    code = models.CharField(_("code"), max_length=12)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    since = models.PositiveSmallIntegerField(_("scored since"), null=True, blank=True)
    until = models.PositiveSmallIntegerField(_("scored until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)

    class Meta:
        verbose_name = _("sub-dimension")
        verbose_name_plural = _("sub-dimensions")
        ordering = ["dimension__order", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["dimension", "code"], name="indices_subdimension_unique_code")]

    def __str__(self):
        return f"{self.code}. {self.name}"

    def is_scored_in(self, year: int) -> bool:
        return (self.since is None or self.since <= year) and (self.until is None or year <= self.until)

    @property
    def years_label(self) -> str:
        return f"{self.since or ''}–{self.until or ''}"


class Indicator(BilingualName, ChisoModel):
    """An indicator (chỉ tiêu). PAPI publishes 120+; the catalogue starts partial and administrators extend it."""

    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.CASCADE, related_name="indicators"
    )
    subdimension = models.ForeignKey(
        SubDimension,
        verbose_name=_("sub-dimension"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    code = models.CharField(_("code"), max_length=20)
    official_wording = models.BooleanField(_("official wording"), default=False)
    note = models.TextField(_("note"), blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    name_folded = models.CharField(max_length=600, editable=False, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["dimension__order", "code"]
        constraints = [models.UniqueConstraint(fields=["dimension", "code"], name="indices_indicator_unique_code")]

    def __str__(self):
        return f"{self.code}. {self.name}"

    def save(self, *args, **kwargs):
        self.name_folded = fold(f"{self.name_vi} {self.name_en}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("indices:indicator_detail", args=[self.pk])


class Score(models.Model):
    """A published score of a (legacy) province for one year: the total, a dimension or a sub-dimension.

    ``code`` is "TOTAL", "D1" … or "D1.1" …; ``value`` is empty where PAPI published nothing (a gap in
    PAPI's own data, never a zero). Totals keep ``n_dimensions`` (6 before 2018, 8 since) so the two scales
    are never mixed in one series or ranking.
    """

    index = models.ForeignKey(Index, verbose_name=_("index"), on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("province"), on_delete=models.CASCADE, related_name="scores"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    code = models.CharField(_("score of"), max_length=12)
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subdimension = models.ForeignKey(
        SubDimension,
        verbose_name=_("sub-dimension"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    value = models.DecimalField(_("score"), max_digits=9, decimal_places=6, null=True, blank=True)
    n_dimensions = models.PositiveSmallIntegerField(_("dimensions in total"), null=True, blank=True)

    TOTAL = "TOTAL"

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["year", "unit__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["index", "unit", "year", "code"], name="indices_score_unique"),
        ]
        indexes = [models.Index(fields=["index", "year", "code"], name="indices_score_year_code_idx")]

    def __str__(self):
        return f"{self.unit} {self.year} {self.code}: {self.value}"

    @property
    def scale(self) -> tuple[float, float]:
        """(min, max) of a total (n–10n) or a dimension (1–10); sub-dimension scales depend on the year's
        structure (1/n–10/n) and are computed by the results views."""
        if self.code == self.TOTAL:
            n = self.n_dimensions or 8
            return (float(n), float(10 * n))
        return (1.0, 10.0)
