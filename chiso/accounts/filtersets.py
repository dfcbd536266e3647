import django_filters
from django.utils.translation import gettext_lazy as _

from chiso.core.filtersets import SearchFilterSet

from .models import Membership, User


class UserFilterSet(SearchFilterSet):
    role = django_filters.ChoiceFilter(
        field_name="memberships__role", choices=Membership.Role.choices, label=_("Role"), distinct=True
    )

    class Meta:
        model = User
        fields = ["is_active"]

    def filter_q(self, queryset, name, value):
        from chiso.lib.text import fold

        for word in fold(value).split():
            queryset = queryset.filter(name_folded__contains=word)
        return queryset


class MembershipFilterSet(SearchFilterSet):
    class Meta:
        model = Membership
        fields = ["role", "is_active"]

    def filter_q(self, queryset, name, value):
        from chiso.lib.text import fold

        for word in fold(value).split():
            queryset = queryset.filter(user__name_folded__contains=word) | queryset.filter(
                agency__name_folded__contains=word
            )
        return queryset
