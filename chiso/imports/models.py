"""An uploaded plan document, what the reader understood of it, and the dated duties kept on the plan."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chiso.core.models import ChisoModel


def import_path(instance, filename):
    return f"imports/{instance.unit_id}/{filename}"


class PlanImport(ChisoModel):
    """One uploaded document: kept as it arrived, with the reader's JSON; confirming it creates the plan.

    The file stays attached to the plan it became (``plan``), so the original can always be opened.
    """

    class Status(models.TextChoices):
        READING = "reading", _("Text being recognised")
        PREVIEW = "preview", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Could not be read")

    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plan_imports"
    )
    file = models.FileField(_("file"), upload_to=import_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    result = models.JSONField(_("what was understood"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW)
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A scan's text recognition (OCR), a background job: how far it is, and why it stopped if it did.
    pages_done = models.PositiveSmallIntegerField(_("pages recognised"), default=0)
    pages_total = models.PositiveSmallIntegerField(_("pages"), default=0)
    problem = models.TextField(_("why it could not be read"), blank=True)

    audit_exclude = ("created_at", "updated_at", "version", "result", "file", "pages_done", "pages_total")

    class Meta:
        verbose_name = _("plan import")
        verbose_name_plural = _("plan imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("imports:import_preview", args=[self.pk])


class ImportedDeadline(models.Model):
    """A reporting duty or another dated duty read from the plan, kept until it becomes a schedule."""

    class Kind(models.TextChoices):
        REPORTING = "reporting", _("Reporting duty")
        DEADLINE = "deadline", _("Deadline")

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="imported_deadlines"
    )
    source = models.ForeignKey(PlanImport, verbose_name=_("import"), on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    cadence = models.CharField(_("cadence"), max_length=12, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    data_from = models.DateField(_("data from"), null=True, blank=True)
    data_to = models.DateField(_("data to"), null=True, blank=True)
    recipient = models.CharField(_("report to"), max_length=200, blank=True)
    rule = models.CharField(_("rule"), max_length=300, blank=True)
    what = models.TextField(_("what"), blank=True)
    text = models.TextField(_("as written"))

    class Meta:
        verbose_name = _("imported deadline")
        verbose_name_plural = _("imported deadlines")
        ordering = ["plan", "due_on", "id"]

    def __str__(self):
        return self.what or self.get_cadence_display()

    def get_cadence_display(self):
        return dict(CADENCES).get(self.cadence, self.cadence)


CADENCES = [
    ("monthly", _("Monthly")),
    ("quarterly", _("Quarterly")),
    ("semiannual", _("Half-yearly")),
    ("annual", _("Yearly")),
    ("adhoc", _("When asked")),
]
