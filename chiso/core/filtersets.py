"""FilterSet base shared by UI lists and the API (NetBox's pattern)."""

import django_filters
from django.utils.translation import gettext_lazy as _


class SearchFilterSet(django_filters.FilterSet):
    """Adds ``q``: accent-insensitive search through the model queryset's ``search()``."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select" if field.widget.__class__.__name__.endswith("Select") else "form-control"
            field.widget.attrs.setdefault("class", css)
        if "q" in self.form.fields:
            self.form.fields["q"].widget.input_type = "search"

    def filter_q(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.search(value)
