import django_filters
from django.utils.translation import gettext_lazy as _

from chiso.core.filtersets import SearchFilterSet
from chiso.lib import tree
from chiso.lib.text import fold
from chiso.units.models import AdministrativeUnit, Agency

from .models import Membership, User


class UserFilterSet(SearchFilterSet):
    role = django_filters.ChoiceFilter(
        field_name="memberships__role", choices=Membership.Role.choices, label=_("Role"), distinct=True
    )
    unit = django_filters.ModelChoiceFilter(
        queryset=AdministrativeUnit.objects.all(),
        method="filter_unit",
        label=_("Within unit"),
        widget=django_filters.widgets.forms.HiddenInput,
    )
    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.all(),
        field_name="memberships__agency",
        label=_("Agency"),
        distinct=True,
        widget=django_filters.widgets.forms.HiddenInput,
    )

    class Meta:
        model = User
        fields = ["q", "role", "is_active", "unit", "agency"]

    def filter_unit(self, queryset, name, value: AdministrativeUnit):
        """People holding a role in an agency of ``value`` or of any unit below it."""
        return queryset.filter(tree.subtree_q([value.path], "memberships__agency__unit")).distinct()

    def filter_q(self, queryset, name, value):

        for word in fold(value).split():
            queryset = queryset.filter(name_folded__contains=word)
        return queryset


class MembershipFilterSet(SearchFilterSet):
    user = django_filters.ModelChoiceFilter(
        queryset=User.objects.all(), label=_("User"), widget=django_filters.widgets.forms.HiddenInput
    )

    class Meta:
        model = Membership
        fields = ["q", "role", "is_active", "user"]

    def filter_q(self, queryset, name, value):

        for word in fold(value).split():
            queryset = queryset.filter(user__name_folded__contains=word) | queryset.filter(
                agency__name_folded__contains=word
            )
        return queryset
