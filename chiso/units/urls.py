from django.urls import path

from chiso.core.views import crud_urls

from . import views
from .models import AdministrativeUnit, Agency

app_name = "units"

urlpatterns = [
    path("pick/units/<str:name>/", views.unit_pick, name="unit_pick"),
    path("pick/agencies/<str:name>/", views.agency_pick, name="agency_pick"),
    *crud_urls(
        AdministrativeUnit,
        prefix="",
        list_view=views.UnitListView,
        detail_view=views.UnitDetailView,
        create_view=views.UnitCreateView,
        edit_view=views.UnitEditView,
        history_view=views.UnitHistoryView,
    ),
    *crud_urls(
        Agency,
        prefix="agencies/",
        list_view=views.AgencyListView,
        detail_view=views.AgencyDetailView,
        create_view=views.AgencyCreateView,
        edit_view=views.AgencyEditView,
        delete_view=views.AgencyDeleteView,
        history_view=views.AgencyHistoryView,
    ),
]
