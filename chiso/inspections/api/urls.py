from rest_framework.routers import SimpleRouter

from .views import FindingViewSet, InspectionPlanViewSet, InspectionViewSet, RemedyViewSet

# The prefixed routes first: the inspections' own routes sit at the root of /api/v1/inspections/.
router = SimpleRouter()
router.register("plans", InspectionPlanViewSet, basename="inspections-plan")
router.register("findings", FindingViewSet, basename="inspections-finding")
router.register("remedies", RemedyViewSet, basename="inspections-remedy")
router.register("", InspectionViewSet, basename="inspections-inspection")
urlpatterns = router.urls
