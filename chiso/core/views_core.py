"""Small views of the core app: language and the working-day calendar."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language as django_set_language

from . import workdays
from .filtersets import SearchFilterSet
from .forms import ChisoForm, ChisoModelForm
from .models import CalendarException
from .permissions import PUBLIC, declare
from .views import LoginRequiredPageView, ObjectDetailView, ObjectListView


@declare(PUBLIC)
@csrf_exempt
def set_language(request):
    """Django's language switch, declared public (citizens switch language too). Without a CSRF token: it only
    sets the language cookie (a forged switch changes nothing else), and the public pages that carry its form are
    shared from the cache (chiso/core/pagecache.py), so they cannot hold a visitor's token."""
    return django_set_language(request)


class CalendarExceptionFilterSet(SearchFilterSet):
    class Meta:
        model = CalendarException
        fields = ["kind"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(note__icontains=value)


class CalendarExceptionForm(ChisoModelForm):
    class Meta:
        model = CalendarException
        fields = ["date", "kind", "note"]
        widgets = {
            "kind": forms.Select(attrs={"class": "form-select"}),
            "note": forms.TextInput(attrs={"class": "form-control"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs["class"] = "form-control"


class CalendarExceptionListView(ObjectListView):
    model = CalendarException
    filterset_class = CalendarExceptionFilterSet
    columns = [("date", _("Date")), ("get_kind_display", _("Kind")), ("note", _("Note"))]
    intro = _(
        "Public holidays, Tết and the official substitute days come from the national calendar; "
        "add here only what it does not know: extra days off and swapped working days."
    )


class CalendarExceptionDetailView(ObjectDetailView):
    model = CalendarException
    fields = ["date", "kind", "note"]


class WorkdayForm(ChisoForm):
    start = forms.DateField(
        label=_("Start date"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"class": "form-control", "placeholder": _("dd/mm/yyyy")}),
    )
    days = forms.IntegerField(
        label=_("Working days"),
        min_value=-3650,
        max_value=3650,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


class WorkdayCalculatorView(LoginRequiredPageView):
    """Add N working days to a date, listing the days off on the way (Tết, holidays, exceptions)."""

    template_name = "core/workdays.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = WorkdayForm(self.request.GET or None)
        context["form"] = form
        if form.is_bound and form.is_valid():
            start, days = form.cleaned_data["start"], form.cleaned_data["days"]
            calendar = workdays.calendar()
            end = calendar.add_working_days(start, days)
            lo, hi = sorted([start, end])
            off = []
            day = lo
            while day <= hi:
                if not calendar.is_working_day(day) and day.weekday() < 5:
                    off.append((day, workdays.day_off_reason(day)))
                day += dt.timedelta(days=1)
            context.update(result=end, days_off=off)
        year = timezone.localdate().year
        context["holidays"] = workdays.holidays_of(year)
        context["year"] = year
        return context
