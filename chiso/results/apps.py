from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "chiso.results"
    label = "results"
    verbose_name = _("PAPI results")

    def ready(self):
        from chiso.core import navigation

        navigation.register(_("PAPI results"), "results:results_map", group=navigation.PAPI, order=10, public_order=20)
        from chiso.plans import extensions

        from .gaps import check_targets

        # The plan page shows each target as met / not met / not measurable against the published results.
        extensions.set_target_checker(check_targets)
        extensions.add_plan_tab("gaps", _("Results and gaps"), "results:plan_gaps", order=30)
