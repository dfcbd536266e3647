from django.urls import path

from chiso.core.views import ObjectHistoryView

from . import views, views_public
from .models import Survey

app_name = "surveys"

urlpatterns = [
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/add/", views.survey_add, name="survey_add"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/edit/", views.survey_edit, name="survey_edit"),
    path("surveys/<int:pk>/history/", ObjectHistoryView.for_model(Survey).as_view(), name="survey_history"),
    path("surveys/<int:pk>/<str:action>/transition/", views.survey_transition, name="survey_transition"),
    path("surveys/<int:pk>/questions/add/", views.question_add, name="question_add"),
    path("surveys/questions/<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("surveys/questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    path("surveys/<int:pk>/xlsform/", views.survey_xlsform, name="survey_xlsform"),
    path("surveys/<int:pk>/xlsform/import/", views.survey_xlsform_import, name="survey_xlsform_import"),
    path("surveys/<int:pk>/points/add/", views.point_add, name="point_add"),
    path("surveys/points/<int:pk>/qr/", views.point_qr, name="point_qr"),
    path("surveys/<int:pk>/entry/", views.survey_entry, name="survey_entry"),
    path("surveys/<int:pk>/import/", views.survey_import, name="survey_import"),
    path("surveys/<int:pk>/results/", views.survey_results, name="survey_results"),
    path("surveys/<int:pk>/draft-task/", views.survey_draft_task, name="survey_draft_task"),
    path("surveys/<int:pk>/responses.xlsx", views.survey_responses_xlsx, name="survey_responses_xlsx"),
    path("surveys/<int:pk>/indices.xlsx", views.survey_indices_xlsx, name="survey_indices_xlsx"),
    path("surveys/<int:pk>/summary.docx", views.survey_summary_docx, name="survey_summary_docx"),
    # Public: the link and QR code of a collection point, and published results.
    path("khao-sat/ket-qua/<int:pk>/", views_public.public_results, name="public_results"),
    path("khao-sat/<str:token>/", views_public.public_form, name="public_form"),
    path("khao-sat/<str:token>/qr/", views_public.public_qr, name="public_qr"),
]
