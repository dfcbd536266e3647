from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import FrameworkViewSet, ScoreViewSet

router = SimpleRouter()
router.register("scores", ScoreViewSet, basename="score")
urlpatterns = [
    path("framework/", FrameworkViewSet.as_view({"get": "tree"}), name="framework"),
    *router.urls,
]
