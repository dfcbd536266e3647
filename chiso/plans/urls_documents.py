from django.urls import path

from . import views_documents as views

urlpatterns = [
    path("<int:pk>/export.xlsx", views.plan_export_xlsx, name="plan_export_xlsx"),
    path("<int:pk>/export.docx", views.plan_export_docx, name="plan_export_docx"),
    path("<int:pk>/export.pdf", views.plan_export_pdf, name="plan_export_pdf"),
    path("<int:pk>/import-tasks/", views.plan_import_tasks, name="plan_import_tasks"),
]
