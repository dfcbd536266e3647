from django.urls import path

from . import views_core as views
from .models import CalendarException
from .views import HomeView, crud_urls

app_name = "core"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("calendar/working-days/", views.WorkdayCalculatorView.as_view(), name="workdays"),
    *crud_urls(
        CalendarException,
        prefix="calendar/exceptions/",
        list_view=views.CalendarExceptionListView,
        detail_view=views.CalendarExceptionDetailView,
        create_view=True,
        edit_view=True,
        delete_view=True,
        history_view=True,
        form=views.CalendarExceptionForm,
    ),
]
