from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import ScorecardViewSet, UnitDashboardView

router = SimpleRouter()
router.register("scorecards", ScorecardViewSet, basename="scorecard")
urlpatterns = [
    path("dashboards/<int:unit>/", UnitDashboardView.as_view(), name="dashboards-unit"),
    *router.urls,
]
