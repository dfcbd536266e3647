import django_filters
from django.utils.translation import gettext_lazy as _

from chiso.core.filtersets import SearchFilterSet
from chiso.lib.text import fold

from .models import Dimension, Indicator, Score


class IndicatorFilterSet(SearchFilterSet):
    dimension = django_filters.ModelChoiceFilter(queryset=Dimension.objects.all(), label=_("Dimension"))

    class Meta:
        model = Indicator
        fields = ["q", "dimension"]

    def filter_q(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(name_folded__contains=word) | queryset.filter(code__icontains=word)
        return queryset


class ScoreFilterSet(django_filters.FilterSet):
    """``/api/v1/scores/``: ``year``, ``province`` (legacy code, e.g. 33), ``dimension`` (D1, D1.1 or TOTAL)."""

    province = django_filters.CharFilter(method="filter_province", label=_("Province code"))
    dimension = django_filters.CharFilter(field_name="code", label=_("Dimension or sub-dimension code"))

    class Meta:
        model = Score
        fields = ["year", "province", "dimension"]

    def filter_province(self, queryset, name, value):
        return queryset.filter(unit__code=value.zfill(2))
