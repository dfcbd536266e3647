from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "chiso.reporting"
    label = "reporting"
    verbose_name = _("Periodic reporting")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from chiso.core import navigation

        navigation.register(_("Reports"), "reporting:home", order=30)
