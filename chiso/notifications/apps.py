from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from chiso.core import personcache


class NotificationsConfig(AppConfig):
    name = "chiso.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Periodic jobs register themselves when their app's ``jobs`` module is imported.

        autodiscover_modules("jobs")
        from . import badge

        badge.connect()  # the header's unread count is cached until a notice is stored or read
        personcache.add_person_part(badge.person_part)  # a cached page shows the badge
