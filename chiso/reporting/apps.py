from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chiso.core import navigation


class ReportingConfig(AppConfig):
    name = "chiso.reporting"
    label = "reporting"
    verbose_name = _("Periodic reporting")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):

        navigation.register(_("Reports"), "reporting:home", order=30)
