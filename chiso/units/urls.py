from django.urls import path

from chiso.core.views import crud_urls

from . import views
from .forms import AgencyForm, UnitForm
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
        create_view=True,
        edit_view=True,
        history_view=True,
        form=UnitForm,
    ),
    *crud_urls(
        Agency,
        prefix="agencies/",
        list_view=views.AgencyListView,
        detail_view=views.AgencyDetailView,
        create_view=views.AgencyCreateView,
        edit_view=True,
        delete_view=True,
        history_view=True,
        form=AgencyForm,
    ),
]
