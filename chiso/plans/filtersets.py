import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chiso.core.filtersets import SearchFilterSet
from chiso.indices.models import Dimension
from chiso.lib.text import fold
from chiso.units.models import AdministrativeUnit, Agency

from .models import Plan, Task
from .pilots import pilot_label
from .timeframes import Kind


class PlanFilterSet(SearchFilterSet):
    """Shared by the plan list and ``/api/v1/plans/``: ``unit`` (its subtree), ``year``, ``status``, ``q``."""

    unit = django_filters.ModelChoiceFilter(
        queryset=AdministrativeUnit.objects.all(),
        method="filter_unit",
        label=_("Unit and below"),
        widget=django_filters.widgets.forms.HiddenInput,
    )

    class Meta:
        model = Plan
        fields = ["q", "year", "status", "unit"]

    def filter_unit(self, queryset, name, value: AdministrativeUnit):
        return queryset.for_unit(value, descendants=True)

    def filter_q(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(code__icontains=word) | Q(unit__name_folded__contains=word)
            )
        return queryset


class TaskFilterSet(django_filters.FilterSet):
    """Filters of a plan's task table: dimension, agency, status, timeframe kind and, where the plan has them, its
    pilot localities."""

    dimension = django_filters.ModelChoiceFilter(
        queryset=Dimension.objects.filter(index__code="PAPI"), field_name="dimensions", label=_("Dimension")
    )
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all(), method="filter_agency", label=_("Agency"))
    status = django_filters.ChoiceFilter(choices=Task.Status.choices, method="filter_status", label=_("Status"))
    timeframe_kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("Timeframe"))
    pilot = django_filters.ModelChoiceFilter(
        queryset=AdministrativeUnit.objects.none(), field_name="pilot_units", label=_("Pilot locality")
    )

    class Meta:
        model = Task
        fields = ["dimension", "agency", "status", "timeframe_kind", "pilot"]

    def __init__(self, *args, agencies=None, pilots=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.filters["agency"].queryset = agencies
            self.form.fields["agency"].queryset = agencies
        if pilots:  # the plan's pilot localities; a plan without any has no such filter
            self.filters["pilot"].queryset = pilots
            self.form.fields["pilot"].queryset = pilots
            self.form.fields["pilot"].label_from_instance = pilot_label
        else:
            del self.filters["pilot"]
            del self.form.fields["pilot"]
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select")

    def filter_agency(self, queryset, name, value):
        return queryset.filter(agency_links__agency=value).distinct()

    def filter_status(self, queryset, name, value):
        return queryset.with_status_code(value)
