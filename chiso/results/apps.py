from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chiso.core import navigation, reference
from chiso.plans import extensions


class ResultsConfig(AppConfig):
    name = "chiso.results"
    label = "results"
    verbose_name = _("PAPI results")

    def ready(self):
        navigation.register(_("PAPI results"), "results:results_map", group=navigation.PAPI, order=10, public_order=20)
        # Modules that import models: only once the app registry is ready.
        from .gaps import check_targets
        from .loaders import load_groups, load_other_indices

        reference.register("Các chỉ số khác (PCI, PAR INDEX, SIPAS) / other indices", load_other_indices, order=25)
        reference.register("Nhóm PAPI đã công bố / published PAPI groups", load_groups, order=35)

        # The plan page shows each target as met / not met / not measurable against the published results.
        extensions.set_target_checker(check_targets)
        extensions.add_plan_tab("gaps", _("Results and gaps"), "results:plan_gaps", order=30)

        # The public results pages are cached whole (chiso/core/pagecache.py): a loaded year or newly published
        # groups show at once. (A year's scores are loaded in bulk with their release row.)
        from chiso.core import pagecache
        from chiso.indices.models import Score

        from .models import PublishedGroups, ResultsRelease

        pagecache.invalidate_on(ResultsRelease, PublishedGroups, Score)
