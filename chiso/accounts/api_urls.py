from django.urls import path

from .api import ObtainTokenView, RotateTokenView

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("auth/token/rotate/", RotateTokenView.as_view(), name="api-token-rotate"),
]
