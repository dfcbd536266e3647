"""In-app notices, each also sent by e-mail, each sent once per recipient and key."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chiso.lib.text import nfc


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_user(self, user):
        return self.filter(recipient=user)


class Notification(models.Model):
    """One notice to one person. ``key`` names the event ("reporting:due-soon:request-42"); the pair
    (recipient, key) is unique, so a reminder job may run any number of times and a person is told once.

    The e-mail goes out after the row exists: ``email_claimed_at`` marks a send in progress, ``emailed_at`` a
    finished one. A worker that dies between the two leaves a stale claim that the next run takes over, so the
    e-mail is sent on the next run, and only once.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(_("event"), max_length=200)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_claimed_at = models.DateTimeField(_("e-mail being sent since"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notifications_once_per_key")]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notifications_inbox_idx"),
            models.Index(fields=["emailed_at"], name="notifications_pending_idx"),
        ]

    def __str__(self):
        return self.subject

    def save(self, *args, **kwargs):
        self.subject, self.body = nfc(self.subject), nfc(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):

        return reverse("notifications:open", args=[self.pk])
