from django.urls import path

from chiso.core.views import crud_urls

from . import views
from .models import Dimension, Indicator

app_name = "indices"

urlpatterns = [
    path("", views.FrameworkView.as_view(), name="framework"),
    path("indicators/import/", views.IndicatorImportView.as_view(), name="indicator_import"),
    path(
        "indicators/import/template.xlsx", views.IndicatorImportTemplateView.as_view(), name="indicator_import_template"
    ),
    *crud_urls(
        Dimension, prefix="dimensions/", detail_view=views.DimensionDetailView, history_view=views.DimensionHistoryView
    ),
    *crud_urls(
        Indicator,
        prefix="indicators/",
        list_view=views.IndicatorListView,
        detail_view=views.IndicatorDetailView,
        create_view=views.IndicatorCreateView,
        edit_view=views.IndicatorEditView,
        delete_view=views.IndicatorDeleteView,
        history_view=views.IndicatorHistoryView,
    ),
]
