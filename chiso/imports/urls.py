from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.import_upload, name="import_upload"),
    path("<int:pk>/", views.import_preview, name="import_preview"),
    path("<int:pk>/file/", views.import_file, name="import_file"),
    path("plan/<int:pk>/text/", views.plan_text, name="plan_text"),
]
