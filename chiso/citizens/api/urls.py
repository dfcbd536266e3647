from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import FeedbackViewSet, PublicFeedbackCreate, PublicFeedbackDetail, PublicUnitPlan

router = SimpleRouter()
router.register("feedback", FeedbackViewSet, basename="feedback")
urlpatterns = [
    path("public/feedback/", PublicFeedbackCreate.as_view(), name="public-feedback-create"),
    path("public/feedback/<str:code>/", PublicFeedbackDetail.as_view(), name="public-feedback-detail"),
    path("public/units/<str:code>/plan/", PublicUnitPlan.as_view(), name="public-unit-plan"),
    *router.urls,
]
