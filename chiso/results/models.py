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
