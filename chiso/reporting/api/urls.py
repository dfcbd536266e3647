from rest_framework.routers import SimpleRouter

from .views import ConsolidatedReportViewSet, PeriodViewSet, RequestViewSet, ScheduleViewSet, SubmissionViewSet

router = SimpleRouter()
router.register("schedules", ScheduleViewSet, basename="reporting-schedule")
router.register("periods", PeriodViewSet, basename="reporting-period")
router.register("requests", RequestViewSet, basename="reporting-request")
router.register("submissions", SubmissionViewSet, basename="reporting-submission")
router.register("consolidated", ConsolidatedReportViewSet, basename="reporting-consolidated")
urlpatterns = router.urls
