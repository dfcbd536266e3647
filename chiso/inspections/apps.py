from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chiso.citizens.extensions import add_portal_section
from chiso.core import home, navigation, reference
from chiso.plans.extensions import add_plan_tab
from chiso.reporting.extensions import add_report_section


def _home_panel(request):
    from .rollup import home_panel_context  # reads models: only once the apps are ready

    return home_panel_context(request)


def _portal(unit, today):
    from .rollup import portal_context  # reads models: only once the apps are ready

    return portal_context(unit, today)


def _report(unit, period):
    from .rollup import report_section  # reads models: only once the apps are ready

    return report_section(unit, period)


class InspectionsConfig(AppConfig):
    name = "chiso.inspections"
    label = "inspections"
    verbose_name = _("Inspections and supervision")

    def ready(self):
        navigation.register(_("Inspections"), "inspections:home", order=35)
        home.register("inspections/home_panel.html", _home_panel, order=40)
        add_plan_tab("inspections", _("Inspections"), "inspections:plan_tab", order=40)
        add_portal_section("inspections", "inspections/portal_section.html", _portal, order=30)
        add_report_section("inspections", _report, order=10)
        from .themes import load_themes  # it imports models: only once the registry is ready

        reference.register("Chủ đề kiểm tra / inspection themes", load_themes, order=60)
