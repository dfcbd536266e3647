"""Administrative units of Vietnam (both the pre-July-2025 and the current hierarchy) and their agencies."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chiso.core.models import ChisoModel
from chiso.lib import tree
from chiso.lib.text import fold

from .querysets import AgencyQuerySet, UnitQuerySet

# The day the two-level local government took over (Resolution 202/2025/QH15; Law on Local Government 2025).
REORGANISATION_DATE = dt.date(2025, 7, 1)
LEGACY_LAST_DAY = dt.date(2025, 6, 30)


class AdministrativeUnit(ChisoModel):
    """A province, district, commune or village, in one of the two hierarchies.

    Legacy units (63 provinces → ~700 districts → ~10,000 communes) are valid until 30/6/2025; current
    units (34 provinces → 3,321 communes) from 1/7/2025. Official codes were reused across the two, so a
    unit is identified by (era, code). ``path`` is a materialised path of codes ("L.33.325.12100") that
    makes "everything below this unit" one indexed prefix scan.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune")
        VILLAGE = "village", _("Village / residential group")

    class Era(models.TextChoices):
        LEGACY = "legacy", _("Before 1/7/2025 (three levels)")
        CURRENT = "current", _("From 1/7/2025 (two levels)")

    LEVEL_DEPTH = {"province": 1, "district": 2, "commune": 3, "village": 4}

    era = models.CharField(_("hierarchy"), max_length=8, choices=Era.choices)
    code = models.CharField(_("code"), max_length=20, help_text=_("Official code of the General Statistics Office"))
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=40, blank=True, help_text=_('e.g. "Phường", "Thị xã", "Tỉnh"'))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(_("path"), max_length=120, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    successors = models.ManyToManyField(
        "self",
        through="UnitSuccession",
        symmetrical=False,
        related_name="predecessors",
        verbose_name=_("successors"),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["era", "code"], name="units_unit_unique_code_per_era"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="units_unit_valid_range",
            ),
        ]
        indexes = [
            models.Index(fields=["level", "era"], name="units_unit_level_era_idx"),
            models.Index(fields=["parent", "name"], name="units_unit_parent_name_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("units:administrativeunit_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        self.depth = self.LEVEL_DEPTH[self.level]
        prefix = self.parent.path if self.parent_id else ("L" if self.era == self.Era.LEGACY else "C")
        self.path = f"{prefix}.{self.code}"
        super().save(*args, **kwargs)

    def is_ancestor_of(self, other: "AdministrativeUnit") -> bool:
        return tree.is_within(other.path, self.path)

    def ancestors(self):
        """The units above this one, top first (one query, from the path)."""
        prefixes = tree.ancestor_paths([self.path])
        by_path = {u.path: u for u in AdministrativeUnit.objects.filter(path__in=prefixes)}
        return [by_path[p] for p in prefixes if p in by_path]

    def descendants(self, include_self=False):
        return AdministrativeUnit.objects.subtree(self, include_self=include_self)

    def ended_before(self, day: dt.date) -> bool:
        """True when the unit had ceased to exist before ``day`` (a legacy unit: its last day was 30/6/2025)."""
        return self.valid_to is not None and self.valid_to < day

    def current_successors(self):
        """The units that took over: its own successors (a province, a commune), else — a district, which the
        reorganisation abolished without a successor of its own — the successors of the communes below it."""
        own = AdministrativeUnit.objects.filter(succession_from__predecessor=self)
        if own.exists():
            return own.distinct().order_by("name")
        below = tree.subtree_q([self.path], "succession_from__predecessor", include_self=False)
        return AdministrativeUnit.objects.filter(below).distinct().order_by("name")


class UnitSuccession(models.Model):
    """An old unit's successor after the July 2025 reorganisation.

    A commune that was split has several successors; ``is_primary`` marks the one that takes its name
    or most of its area (the converter's default), so an old address resolves to one current unit.
    """

    predecessor = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("old unit"), on_delete=models.CASCADE, related_name="succession_to"
    )
    successor = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("successor"), on_delete=models.CASCADE, related_name="succession_from"
    )
    is_primary = models.BooleanField(_("primary successor"), default=True)
    effective_on = models.DateField(_("effective on"), default=REORGANISATION_DATE)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="units_succession_unique_pair"),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


class Agency(ChisoModel):
    """A body of a unit: its People's Committee and Council, offices, commune posts, the Front, boards.

    ``aliases`` holds other names the documents use ("Phòng VH&TT", "UBND xã, phường"), so the plan
    importer can match them.
    """

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("People's Committee")
        COUNCIL = "council", _("People's Council")
        OFFICE = "office", _("Specialised office")
        POST = "post", _("Commune civil-servant post")
        FRONT = "front", _("Fatherland Front")
        MASS_ORG = "mass_org", _("Mass organisation")
        BOARD = "board", _("Board")
        SERVICE_UNIT = "service_unit", _("Public service unit")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("administrative unit"), on_delete=models.PROTECT, related_name="agencies"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="units_agency_unique_name_per_unit"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("units:agency_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)
