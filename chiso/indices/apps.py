from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chiso.core import home, navigation, reference


def _home_panel(request):
    from .models import Dimension  # apps.py is imported before the models: read at call time

    return {"dimensions": Dimension.objects.filter(index__code="PAPI").order_by("order")}


class IndicesConfig(AppConfig):
    name = "chiso.indices"
    label = "indices"
    verbose_name = _("Indices and results")

    def ready(self):
        navigation.register(_("PAPI framework"), "indices:framework", group=navigation.PAPI, order=20, public_order=30)
        navigation.register(_("Indicators"), "indices:indicator_list", group=navigation.ADMINISTRATION, order=30)
        from .loaders import load_framework, load_scores  # they import models: only once the registry is ready

        reference.register("Khung chỉ số PAPI / PAPI framework", load_framework, order=20)
        reference.register("Điểm PAPI đã công bố / published PAPI scores", load_scores, order=30)
        home.register("indices/home_panel.html", _home_panel, order=10)
