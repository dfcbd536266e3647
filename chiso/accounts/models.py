"""People and their roles. A role is held in an agency, and reaches the agency's unit and everything below."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chiso.core.models import ChisoModel
from chiso.core.roles import Role
from chiso.lib.text import fold, nfc


class User(AbstractUser):
    """An official with an account. Citizens have none. ``is_superuser`` is the system administrator."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True, help_text=_('e.g. "Chủ tịch UBND"'))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    name_folded = models.CharField(max_length=300, editable=False, blank=True, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    audit_exclude = ("password", "last_login", "updated_at", "version", "name_folded")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    def get_absolute_url(self):
        return reverse("accounts:user_detail", args=[self.pk])

    def save(self, *args, **kwargs):

        self.full_name = nfc(self.full_name)
        self.position = nfc(self.position)
        self.name_folded = fold(f"{self.full_name} {self.username} {self.email}")
        super().save(*args, **kwargs)

    @property
    def is_admin(self) -> bool:
        return self.is_active and self.is_superuser


class Membership(ChisoModel):
    """A user's role in an agency; the agency's unit and its subtree are where the role applies.

    One user may hold several memberships (a ward officer who is also on an inspection team); the UI
    lets them switch the one they act as.
    """

    Role = Role

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(
        "units.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user__username", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="accounts_membership_unique_role"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}, {self.agency}"

    def get_absolute_url(self):
        return reverse("accounts:membership_detail", args=[self.pk])

    @property
    def unit(self):
        return self.agency.unit
