from django.urls import path

from . import views_responsibilities as views

urlpatterns = [
    path("<int:pk>/responsibilities/", views.plan_responsibilities, name="plan_responsibilities"),
    path("<int:pk>/responsibilities/import/", views.plan_responsibilities_import, name="plan_responsibilities_import"),
    path("<int:pk>/responsibilities.xlsx", views.plan_responsibilities_xlsx, name="plan_responsibilities_xlsx"),
]
