"""A published year of PAPI results, as loaded into the scores table (the scores themselves are
``indices.Score``): who loaded it, from which file, and how many rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chiso.core.models import ChisoModel


class ResultsRelease(ChisoModel):
    """One year's results loaded by an administrator from PAPI's published spreadsheet.

    The years 2011–2024 came with the reference data (``chiso load-reference``) and have no release row;
    a release is written by ``results.services.import_results`` in the same transaction as its scores, so
    a year is never half loaded.
    """

    index = models.ForeignKey("indices.Index", verbose_name=_("index"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    file_name = models.CharField(_("file name"), max_length=255)
    provinces = models.PositiveSmallIntegerField(_("provinces"))
    scores = models.PositiveIntegerField(_("scores"))
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("loaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("results release")
        verbose_name_plural = _("results releases")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["index", "year"], name="results_release_one_per_year"),
        ]

    def __str__(self):
        return f"{self.index} {self.year}"


class PublishedGroups(ChisoModel):
    """The performance groups PAPI published for one score of one year, as published: either the lower bounds
    of the top three groups on the two-decimal score ("Cao" from 43.44 …) or the number of provinces in each
    group from the highest. A prefix is allowed where PAPI published only part (2023: 15 provinces in the
    highest group); the groups it leaves open are computed (``chiso.results.groups``) and labelled so.
    """

    index = models.ForeignKey("indices.Index", verbose_name=_("index"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    code = models.CharField(_("score of"), max_length=12, default="TOTAL")
    lower_bounds = models.JSONField(_("lower bounds of the groups"), default=list, blank=True)
    sizes = models.JSONField(_("provinces in each group"), default=list, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("published performance groups")
        verbose_name_plural = _("published performance groups")
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["index", "year", "code"], name="results_published_groups_unique"),
        ]

    def __str__(self):
        return f"{self.index} {self.year} {self.code}"

    @property
    def complete(self) -> bool:
        """Does it fix every province's group (three bounds, or at least three sizes)?"""
        return len(self.lower_bounds) >= 3 or len(self.sizes) >= 3
