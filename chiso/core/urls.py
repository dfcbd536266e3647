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
        create_view=views.CalendarExceptionCreateView,
        edit_view=views.CalendarExceptionEditView,
        delete_view=views.CalendarExceptionDeleteView,
        history_view=views.CalendarExceptionHistoryView,
    ),
]
