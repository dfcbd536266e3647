import datetime as dt

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from chiso.core.permissions import AUTHENTICATED, declare, policy
from chiso.core.views import ObjectCreateView, ObjectDetailView, ObjectListView

from .filtersets import AgencyFilterSet, UnitFilterSet
from .forms import AgencyForm
from .models import AdministrativeUnit, Agency
from .pickers import (
    FOUND,
    AgencyPicker,
    UnitPicker,
    few_agencies,
    few_units,
    scope,
    search_agencies,
    search_units,
    successors_instead,
)


class UnitListView(ObjectListView):
    """The unit tree: with no filter, the provinces of the chosen hierarchy (current by default), each leading
    to its children; a search looks through both hierarchies and shows where each unit sits."""

    model = AdministrativeUnit
    filterset_class = UnitFilterSet
    template_name = "units/administrativeunit_list.html"
    select_related = ("parent__parent",)
    ordering = ("era", "path")
    columns = [
        ("name", _("Name")),
        ("code", _("Code")),
        ("get_level_display", _("Level")),
        ("parent", _("Parent unit")),
        ("get_era_display", _("Hierarchy")),
    ]

    def filter_queryset(self, queryset):
        params = {k: v for k, v in self.request.GET.items() if v and k != "page"}
        self.browsing = not (set(params) - {"era"})
        if self.browsing:
            self.era = params.get("era") if params.get("era") in ("legacy", "current") else "current"
            self.filterset = self.filterset_class(None, queryset=queryset, request=self.request)
            return queryset.filter(era=self.era, level=AdministrativeUnit.Level.PROVINCE)
        self.era = params.get("era", "")
        queryset = super().filter_queryset(queryset)
        if "match_rank" in queryset.query.annotations:
            # whole-word and phrase matches first (``match_rank``), then the hierarchies and the tree as before
            queryset = queryset.order_by("match_rank", *self.ordering)
        return queryset

    def get(self, request, *args, **kwargs):
        self.paginate_by = 100
        return super().get(request, *args, **kwargs)

    def extra_context(self, request):
        return {"browsing": self.browsing, "era": self.era, "eras": AdministrativeUnit.Era.choices}


class UnitDetailView(ObjectDetailView):
    model = AdministrativeUnit
    fields = ["name", "code", "kind", "level", "era", "parent", "valid_from", "valid_to"]

    def extra_context(self, request):
        unit = self.object
        return {
            "ancestors": unit.ancestors(),
            "children": unit.children.order_by("name"),
            "successions": unit.succession_to.select_related("successor__parent"),
            "predecessions": unit.succession_from.select_related("predecessor__parent"),
            "agencies": policy.scope(request.user, "view", unit.agencies.all())
            if request.user.is_authenticated
            else [],
        }


class AgencyListView(ObjectListView):
    model = Agency
    filterset_class = AgencyFilterSet
    select_related = ("unit",)
    columns = [("name", _("Name")), ("get_kind_display", _("Kind")), ("unit", _("Unit")), ("is_active", _("Active"))]


class AgencyDetailView(ObjectDetailView):
    model = Agency
    fields = ["name", "short_name", "kind", "unit", "parent", "aliases", "email", "phone", "is_active"]

    def extra_context(self, request):
        members = policy.scope(request.user, "view", self.object.memberships.all()).select_related("user")
        return {"members": members, "sub_agencies": self.object.children.all()}


class AgencyCreateView(ObjectCreateView):
    model = Agency
    form_class = AgencyForm

    def initial_for_new(self, request):
        return {"unit": request.GET.get("unit")} if request.GET.get("unit") else {}


# --- the pickers' search (htmx): the options of a unit or agency picker for what was typed ---------------------
def _typed(request) -> str:
    for key, value in request.GET.items():
        if key == "q" or key.endswith("__q"):
            return value.strip()[:100]
    return ""


def _pick(request, name, model, widget_class, search, few):
    try:
        picker_model, choices = scope(name)
    except KeyError:
        raise Http404 from None
    if picker_model is not model:
        raise Http404
    queryset = choices(request.user)
    text = _typed(request)
    if text:
        rows = list(search(queryset, text)[: FOUND + 1])
        ended = None
        if not rows and model is AdministrativeUnit:
            ended, rows = successors_instead(queryset, text)
        if ended is not None:
            message = gettext("%(unit)s ceased operating on %(date)s; its successor: choose below.") % {
                "unit": ended.name,
                "date": f"{ended.valid_to + dt.timedelta(days=1):%d/%m/%Y}",
            }
        elif not rows:
            message = (
                gettext("No unit has the code or name “%(text)s” here.")
                if model is AdministrativeUnit
                else gettext("No agency matches “%(text)s” here.")
            ) % {"text": text}
        elif len(rows) > FOUND:
            message = gettext("More than %(n)s found: type more of the name.") % {"n": FOUND}
        else:
            message = gettext("%(n)s found: choose one.") % {"n": len(rows)}
        rows = rows[:FOUND]
    else:
        rows, message = few(queryset, request.user), gettext("— choose —")
    widget = widget_class()
    chosen = str(rows[0].pk) if text and len(rows) == 1 else ""
    return render(
        request,
        "units/partials/_picker_found.html",
        {"message": message, "groups": widget.groups(rows), "chosen": chosen},
    )


@declare(AUTHENTICATED)
def unit_pick(request, name):
    """Units of picker ``name`` matching ``q`` (an official code, or words of the name, accents ignored)."""
    return _pick(request, name, AdministrativeUnit, UnitPicker, search_units, few_units)


@declare(AUTHENTICATED)
def agency_pick(request, name):
    """Agencies of picker ``name`` matching ``q`` (words of the agency's or its unit's name), grouped by unit."""
    return _pick(request, name, Agency, AgencyPicker, search_agencies, few_agencies)
