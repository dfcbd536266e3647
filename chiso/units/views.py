from django.utils.translation import gettext_lazy as _

from chiso.core.permissions import policy
from chiso.core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)

from .filtersets import AgencyFilterSet, UnitFilterSet
from .forms import AgencyForm, UnitForm
from .models import AdministrativeUnit, Agency


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
        return super().filter_queryset(queryset)

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


class UnitHistoryView(ObjectHistoryView):
    model = AdministrativeUnit


class UnitCreateView(ObjectCreateView):
    model = AdministrativeUnit
    form_class = UnitForm


class UnitEditView(ObjectEditView):
    model = AdministrativeUnit
    form_class = UnitForm


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


class AgencyHistoryView(ObjectHistoryView):
    model = Agency


class AgencyCreateView(ObjectCreateView):
    model = Agency
    form_class = AgencyForm

    def initial_for_new(self, request):
        return {"unit": request.GET.get("unit")} if request.GET.get("unit") else {}


class AgencyEditView(ObjectEditView):
    model = Agency
    form_class = AgencyForm


class AgencyDeleteView(ObjectDeleteView):
    model = Agency
