import django_filters
from django.utils.translation import gettext_lazy as _

from chiso.core.filtersets import SearchFilterSet

from .models import AdministrativeUnit, Agency


class UnitFilterSet(SearchFilterSet):
    """Shared by the unit list and ``/api/v1/units/``: ``level``, ``parent``, ``q``, ``valid_on``, ``era``."""

    valid_on = django_filters.DateFilter(
        method="filter_valid_on", label=_("Valid on"), input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )
    parent = django_filters.ModelChoiceFilter(
        queryset=AdministrativeUnit.objects.all(),
        label=_("Parent unit"),
        widget=django_filters.widgets.forms.HiddenInput,
    )

    class Meta:
        model = AdministrativeUnit
        fields = ["q", "era", "level", "parent", "valid_on"]

    def filter_valid_on(self, queryset, name, value):
        return queryset.valid_on(value)


class AgencyFilterSet(SearchFilterSet):
    unit = django_filters.ModelChoiceFilter(
        queryset=AdministrativeUnit.objects.all(), label=_("Unit"), widget=django_filters.widgets.forms.HiddenInput
    )
    within = django_filters.ModelChoiceFilter(
        queryset=AdministrativeUnit.objects.all(),
        method="filter_within",
        label=_("Within unit"),
        widget=django_filters.widgets.forms.HiddenInput,
    )

    class Meta:
        model = Agency
        fields = ["q", "kind", "unit", "within", "is_active"]

    # The hint tells the OpenAPI schema the parameter is a unit id; django-filter passes the unit itself.
    def filter_within(self, queryset, name, value: int):
        return queryset.for_unit(value, descendants=True)
