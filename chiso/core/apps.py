from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chiso.core import events, navigation


class CoreConfig(AppConfig):
    name = "chiso.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        navigation.register(
            _("Working-day calendar"), "core:calendarexception_list", group=navigation.ADMINISTRATION, order=10
        )
        # The API is the project's (chiso/urls.py); its documentation sits in the administration menu.
        navigation.register(_("API documentation"), "api-docs", group=navigation.ADMINISTRATION, order=40)
        # Every app's permission rules (its ``permissions.py``), core's own first; every app's audit events (its
        # ``events.py``): the history renders entries through them. The rules import models: only now.
        from . import rules  # noqa: F401
        from .permissions import discover

        discover()
        events.discover()
        # The working-day calendar's cached version is dropped when an exception is saved (signals in workdays).
        from . import workdays  # noqa: F401
