from django.urls import path

from chiso.core.views import crud_urls

from . import views
from .forms import IndicatorForm
from .models import Dimension, Indicator

app_name = "indices"

urlpatterns = [
    path("", views.FrameworkView.as_view(), name="framework"),
    path("indicators/import/", views.IndicatorImportView.as_view(), name="indicator_import"),
    path(
        "indicators/import/template.xlsx", views.IndicatorImportTemplateView.as_view(), name="indicator_import_template"
    ),
    *crud_urls(Dimension, prefix="dimensions/", detail_view=views.DimensionDetailView, history_view=True),
    *crud_urls(
        Indicator,
        prefix="indicators/",
        list_view=views.IndicatorListView,
        detail_view=views.IndicatorDetailView,
        create_view=True,
        edit_view=True,
        delete_view=True,
        history_view=True,
        form=IndicatorForm,
    ),
]
