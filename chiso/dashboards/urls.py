from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:unit>/", views.unit_dashboard, name="unit"),
    path("<int:unit>/records/<str:key>/", views.records, name="records"),
    path("<int:unit>/recount/", views.recount, name="recount"),
    path("scorecards/", views.scorecard_list, name="scorecard_list"),
    path("scorecards/add/", views.scorecard_add, name="scorecard_add"),
    path("scorecards/<int:pk>/", views.scorecard_detail, name="scorecard_detail"),
    path("scorecards/<int:pk>/edit/", views.scorecard_edit, name="scorecard_edit"),
    path("scorecards/<int:pk>/scorecard.xlsx", views.scorecard_xlsx, name="scorecard_xlsx"),
    path("scorecards/<int:pk>/annex.docx", views.scorecard_docx, name="scorecard_docx"),
]
