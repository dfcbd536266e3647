"""``notify``: tell people something once — in the app and by e-mail — however often the caller runs.

Reminder and escalation jobs call ``notify`` on every tick with a key that names the event; the unique
(recipient, key) pair makes the second call a no-op. E-mail is sent after the notice is stored, through a
claim with a lease (``EMAIL_LEASE``), so a worker that dies mid-send is taken over by the next run.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import badge
from .models import Notification

log = logging.getLogger(__name__)

EMAIL_LEASE = dt.timedelta(minutes=10)


def notify(recipients, *, key: str, subject: str, body: str = "", url: str = "") -> int:
    """Store a notice for each recipient who has not had ``key`` yet, then e-mail the pending ones.

    Returns how many new notices were stored.
    """
    users = {u.pk: u for u in recipients if u is not None and getattr(u, "is_active", True)}
    if not users:
        return 0
    with transaction.atomic():
        have = set(Notification.objects.filter(key=key, recipient_id__in=users).values_list("recipient_id", flat=True))
        fresh = [
            Notification(recipient_id=pk, key=key, subject=subject[:300], body=body, url=url[:500])
            for pk in users
            if pk not in have
        ]
        # ignore_conflicts: two workers racing on the same key store one row each recipient, not two.
        Notification.objects.bulk_create(fresh, ignore_conflicts=True)
        badge.forget(n.recipient_id for n in fresh)
    send_pending_emails(key=key)
    return len(fresh)


def send_pending_emails(*, key: str | None = None, now=None) -> int:
    """E-mail the stored notices not yet e-mailed (of one key, or all). Returns how many were sent."""
    now = now or timezone.now()
    pending = Notification.objects.filter(emailed_at__isnull=True).filter(
        Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - EMAIL_LEASE)
    )
    if key is not None:
        pending = pending.filter(key=key)
    sent = 0
    for notice in pending.select_related("recipient")[:500]:
        # Claim the row: only the worker whose update hits it sends; the others move on.
        claimed = (
            Notification.objects.filter(pk=notice.pk, emailed_at__isnull=True)
            .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - EMAIL_LEASE))
            .update(email_claimed_at=now)
        )
        if not claimed:
            continue
        address = notice.recipient.email
        if address:
            try:
                send_mail(
                    notice.subject,
                    _email_body(notice),
                    settings.DEFAULT_FROM_EMAIL,
                    [address],
                    fail_silently=False,
                )
            except Exception:  # the mail server is down: release the claim, try again on the next run
                log.exception("e-mail for notification %s failed", notice.pk)
                Notification.objects.filter(pk=notice.pk).update(email_claimed_at=None)
                continue
        Notification.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
        sent += 1 if address else 0
    return sent


def _email_body(notice) -> str:
    link = ""
    if notice.url:
        base = getattr(settings, "CHISO_BASE_URL", "").rstrip("/")
        link = f"\n\n{base}{notice.url}"
    return f"{notice.body}{link}\n\n— Chỉ Số"


def mark_read(notices, *, now=None) -> int:
    unread = notices.filter(read_at__isnull=True)
    badge.forget(unread.values_list("recipient_id", flat=True).distinct())
    return unread.update(read_at=now or timezone.now())
