from django.urls import path

from chiso.core.views import ObjectHistoryView

from . import views, views_submissions
from .models import Schedule, Submission

app_name = "reporting"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<int:plan>/schedules/add/", views.schedule_add, name="schedule_add"),
    path("schedules/<int:pk>/", views.schedule_detail, name="schedule_detail"),
    path("schedules/<int:pk>/edit/", views.schedule_edit, name="schedule_edit"),
    path("schedules/<int:pk>/history/", ObjectHistoryView.for_model(Schedule).as_view(), name="schedule_history"),
    path("schedules/<int:pk>/ad-hoc/", views.period_add, name="period_add"),
    path("periods/<int:pk>/", views.period_detail, name="period_detail"),
    path("periods/<int:pk>/status/", views.period_status, name="period_status"),
    path("periods/<int:pk>/consolidate/", views.period_consolidate, name="period_consolidate"),
    path("periods/<int:pk>/rate.xlsx", views.period_rate_xlsx, name="period_rate_xlsx"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/start/", views.request_start, name="request_start"),
    path("submissions/<int:pk>/", views_submissions.submission_detail, name="submission_detail"),
    path(
        "submissions/<int:pk>/history/",
        ObjectHistoryView.for_model(Submission).as_view(),
        name="submission_history",
    ),
    path("submissions/<int:pk>/review/", views_submissions.submission_review, name="submission_review"),
    path("submissions/<int:pk>/reopen/", views_submissions.submission_reopen, name="submission_reopen"),
    path("attachments/<int:pk>/", views_submissions.attachment_download, name="attachment_download"),
    path("consolidated/<int:pk>/", views.consolidated_detail, name="consolidated_detail"),
    path("consolidated/<int:pk>/action/", views.consolidated_action, name="consolidated_action"),
    path("consolidated/<int:pk>/docx/", views.consolidated_docx, name="consolidated_docx"),
]
