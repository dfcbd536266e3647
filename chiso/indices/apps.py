from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _home_panel(request):
    from .models import Dimension

    return {"dimensions": Dimension.objects.filter(index__code="PAPI").order_by("order")}


class IndicesConfig(AppConfig):
    name = "chiso.indices"
    label = "indices"
    verbose_name = _("Indices and results")

    def ready(self):
        from chiso.core import navigation

        navigation.register(_("PAPI framework"), "indices:framework", group=navigation.PAPI, order=20, public_order=30)
        navigation.register(_("Indicators"), "indices:indicator_list", group=navigation.ADMINISTRATION, order=30)
        from chiso.core import home, reference

        from .loaders import load_framework, load_scores

        reference.register("Khung chỉ số PAPI / PAPI framework", load_framework, order=20)
        reference.register("Điểm PAPI đã công bố / published PAPI scores", load_scores, order=30)
        home.register("indices/home_panel.html", _home_panel, order=10)
