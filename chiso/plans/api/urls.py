from django.urls import re_path
from rest_framework.routers import SimpleRouter

from .views import PlanViewSet, TaskViewSet

router = SimpleRouter()
router.register("plans", PlanViewSet, basename="plan")
router.register("tasks", TaskViewSet, basename="task")
urlpatterns = [
    # /api/v1/plans/{id}/export.docx, .xlsx, .pdf (issue 14), as the plan's page offers them
    re_path(
        r"^plans/(?P<pk>[0-9]+)/export\.(?P<kind>docx|xlsx|pdf)$",
        PlanViewSet.as_view({"get": "export"}),
        name="plan-export",
    ),
    *router.urls,
]
