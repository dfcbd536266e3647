from django.urls import include, path

from chiso.core.views import crud_urls

from . import views
from .models import Plan, Task

app_name = "plans"

urlpatterns = [
    *crud_urls(
        Plan,
        prefix="",
        list_view=views.PlanListView,
        detail_view=views.PlanDetailView,
        create_view=views.PlanCreateView,
        edit_view=views.PlanEditView,
        delete_view=views.PlanDeleteView,
        history_view=True,
    ),
    path("<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("<int:pk>/issue/", views.plan_issue, name="plan_issue"),
    path("<int:pk>/return/", views.plan_return, name="plan_return"),
    path("<int:pk>/amend/", views.plan_amend, name="plan_amend"),
    path("<int:pk>/copy/", views.plan_copy, name="plan_copy"),
    path("<int:pk>/derive/", views.plan_derive, name="plan_derive"),
    path("<int:pk>/coverage/", views.plan_coverage, name="plan_coverage"),
    path("<int:pk>/cascade/", views.plan_cascade, name="plan_cascade"),
    path("<int:plan>/tasks/add/", views.TaskCreateView.as_view(), name="task_add"),
    path("tasks/mine/", views.task_mine, name="task_mine"),
    *crud_urls(
        Task,
        prefix="tasks/",
        detail_view=views.TaskDetailView,
        edit_view=views.TaskEditView,
        delete_view=views.TaskDeleteView,
        history_view=True,
    ),
    path("tasks/<int:pk>/progress/", views.task_progress, name="task_progress"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("", include("chiso.plans.urls_documents")),
    path("", include("chiso.plans.urls_responsibilities")),
]
