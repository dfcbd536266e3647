from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("", views.results_map, name="results_map"),
    path("ranking/", views.results_ranking, name="results_ranking"),
    path("import/", views.results_import, name="results_import"),
    path("groups/", views.results_groups, name="results_groups"),
    path("provinces/<str:code>/", views.province_profile, name="province_profile"),
    path("provinces/<str:code>/trend/", views.province_trend, name="province_trend"),
    path("provinces/<str:code>/compare/", views.province_compare, name="province_compare"),
    path("provinces/<str:code>/profile.xlsx", views.province_export_xlsx, name="province_export_xlsx"),
    path("provinces/<str:code>/profile.docx", views.province_export_docx, name="province_export_docx"),
    path("plans/<int:pk>/gaps/", views.plan_gaps, name="plan_gaps"),
    path("plans/<int:pk>/gaps/task/", views.plan_gap_task, name="plan_gap_task"),
    path("plans/<int:pk>/gaps.xlsx", views.plan_gaps_xlsx, name="plan_gaps_xlsx"),
    path("plans/<int:pk>/gaps.docx", views.plan_gaps_docx, name="plan_gaps_docx"),
]
