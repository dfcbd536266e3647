from django.utils.translation import gettext_lazy as _

from chiso.core.permissions import PUBLIC, Declaration
from chiso.core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    PublicPageView,
)

from .filtersets import IndicatorFilterSet
from .forms import IndicatorForm
from .models import Dimension, Index, Indicator


class FrameworkView(PublicPageView):
    """The PAPI framework as a tree: 8 dimensions → sub-dimensions (with the years scored) → indicators."""

    template_name = "indices/framework.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        index = Index.objects.filter(code="PAPI").first()
        dimensions = (
            Dimension.objects.filter(index=index).prefetch_related("subdimensions__indicators", "indicators")
            if index
            else Dimension.objects.none()
        )
        context.update(index=index, dimensions=dimensions)
        return context


class DimensionDetailView(ObjectDetailView):
    model = Dimension
    fields = ["code", "name_vi", "name_en", "since", "until"]

    @classmethod
    def chiso_policy(cls):
        return Declaration(kind=PUBLIC)

    def extra_context(self, request):
        return {"subdimensions": self.object.subdimensions.prefetch_related("indicators")}


class DimensionHistoryView(ObjectHistoryView):
    model = Dimension

    @classmethod
    def chiso_policy(cls):
        return Declaration(kind=PUBLIC)


class IndicatorListView(ObjectListView):
    model = Indicator
    filterset_class = IndicatorFilterSet
    select_related = ("dimension", "subdimension")
    columns = [("code", _("Code")), ("name", _("Name")), ("dimension.code", _("Dimension")),
               ("subdimension.code", _("Sub-dimension")), ("official_wording", _("Official wording"))]


class IndicatorDetailView(ObjectDetailView):
    model = Indicator
    fields = ["code", "name_vi", "name_en", "dimension", "subdimension", "official_wording", "note", "sources"]


class IndicatorHistoryView(ObjectHistoryView):
    model = Indicator


class IndicatorCreateView(ObjectCreateView):
    model = Indicator
    form_class = IndicatorForm


class IndicatorEditView(ObjectEditView):
    model = Indicator
    form_class = IndicatorForm


class IndicatorDeleteView(ObjectDeleteView):
    model = Indicator
