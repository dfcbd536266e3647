from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "chiso.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # Every app's permission rules (its ``permissions.py``), core's own first.
        from . import rules  # noqa: F401
        from .permissions import discover

        discover()
