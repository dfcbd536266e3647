from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chiso.core import home, navigation


class DashboardsConfig(AppConfig):
    name = "chiso.dashboards"
    label = "dashboards"
    verbose_name = _("Dashboards and scorecards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The panel reads models: imported here, once the registry is ready.
        from .panel import leader_panel

        navigation.register(_("Dashboard"), "dashboards:home", group=navigation.PAPI, order=5)
        navigation.register(_("Scorecards"), "dashboards:scorecard_list", group=navigation.PAPI, order=60)
        home.register("dashboards/home_panel.html", leader_panel, order=3)
        self._renew_cached_parts()

    @staticmethod
    def _renew_cached_parts():
        """What a dashboard's cached figures part shows besides the figures (names, the unit's scorecards): a change
        to one renews the parts at once."""
        from chiso.indices.models import Dimension
        from chiso.surveys.models import Survey
        from chiso.units.models import AdministrativeUnit, Agency

        from . import fragments
        from .models import Scorecard

        fragments.invalidate_on(AdministrativeUnit, Agency, Survey, Dimension, Scorecard)
        fragments.invalidate_on_links(AdministrativeUnit.successors.through)
