from rest_framework.routers import SimpleRouter

from .views import PlanImportViewSet

router = SimpleRouter()
router.register("plan-imports", PlanImportViewSet, basename="plan-import")
urlpatterns = router.urls
