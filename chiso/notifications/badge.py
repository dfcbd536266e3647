"""The unread count of the header's badge, kept in the cache per person until it changes.

Every page of an official shows it; it changes only when a notice is stored (``services.notify``) or read
(``services.mark_read``), which drop the person's entry (now and when the transaction commits), as does saving or
deleting a ``Notification`` row any other way. An entry also expires after ``ENTRY_SECONDS``.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .models import Notification

ENTRY_SECONDS = 10 * 60


def _key(user_id) -> str:
    return f"chiso:user:{user_id}:unread"


def unread_count(user) -> int:
    key = _key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.for_user(user).unread().count()
        cache.set(key, count, ENTRY_SECONDS)
    return count


def person_part(request) -> str:
    return str(unread_count(request.user))


def forget(user_ids) -> None:
    keys = [_key(pk) for pk in set(user_ids)]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def _changed(instance, **_kwargs) -> None:
    forget([instance.recipient_id])


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_changed, sender=Notification, dispatch_uid=f"notifications-badge-{signal}")
