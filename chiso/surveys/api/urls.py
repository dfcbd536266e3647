from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import SurveyResponses, SurveyViewSet

router = SimpleRouter()
router.register("surveys", SurveyViewSet, basename="survey")
urlpatterns = [
    path("surveys/<int:pk>/responses/", SurveyResponses.as_view(), name="survey-responses"),
    *router.urls,
]
