from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chiso.core import navigation

from . import extensions


class PlansConfig(AppConfig):
    name = "chiso.plans"
    label = "plans"
    verbose_name = _("Plans and tasks")

    def ready(self):

        navigation.register(_("Plans"), "plans:plan_list", order=10)
        navigation.register(_("My tasks"), "plans:task_mine", order=20)

        extensions.add_plan_tab("coverage", _("PAPI coverage"), "plans:plan_coverage", order=10)
        extensions.add_plan_tab("cascade", _("Lower units' plans"), "plans:plan_cascade", order=20)
        extensions.add_plan_tab(
            "responsibilities", _("Indicator responsibilities"), "plans:plan_responsibilities", order=15
        )

        from chiso.core import home  # it reads the working-day calendar's models: ready only now

        from . import pageversions, todo

        pageversions.connect()  # the versions of the plans' cached pages (plan, cascade, coverage, my tasks)

        home.register_todo("plans", todo.lines, order=10)
