from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "chiso.results"
    label = "results"
    verbose_name = _("PAPI results")

    def ready(self):
        from chiso.core import navigation

        navigation.register(_("PAPI results"), "results:results_map", group=navigation.PAPI, order=10, public_order=20)
        from chiso.core import reference
        from chiso.plans import extensions

        from .gaps import check_targets
        from .loaders import load_groups, load_other_indices

        reference.register("Các chỉ số khác (PCI, PAR INDEX, SIPAS) / other indices", load_other_indices, order=25)
        reference.register("Nhóm PAPI đã công bố / published PAPI groups", load_groups, order=35)

        # The plan page shows each target as met / not met / not measurable against the published results.
        extensions.set_target_checker(check_targets)
        extensions.add_plan_tab("gaps", _("Results and gaps"), "results:plan_gaps", order=30)
