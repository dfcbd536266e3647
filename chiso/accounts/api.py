"""API authentication: username + password → token, throttled like the login form."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, throttling
from rest_framework.authtoken.views import ObtainAuthToken

from chiso.core.permissions import PUBLIC, Declaration

from .throttle import login_blocked, register_failure, reset_failures


class LoginRateThrottle(throttling.AnonRateThrottle):
    scope = "login"


class ObtainTokenView(ObtainAuthToken):
    """``POST /api/v1/auth/token/`` with ``username`` and ``password`` → ``{"token": "…"}``."""

    throttle_classes = [LoginRateThrottle]
    permission_classes = []

    @classmethod
    def chiso_policy(cls):
        return Declaration(kind=PUBLIC)

    @extend_schema(
        request=inline_serializer(
            "TokenRequest", {"username": serializers.CharField(), "password": serializers.CharField()}
        ),
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
    )
    def post(self, request, *args, **kwargs):
        username = str(request.data.get("username", ""))
        ip = request.META.get("REMOTE_ADDR", "")
        if login_blocked(username, ip):
            from rest_framework.exceptions import Throttled

            raise Throttled(detail=None)
        response = None
        try:
            response = super().post(request, *args, **kwargs)
        finally:
            if response is None or response.status_code != 200:
                register_failure(username, ip)
        reset_failures(username, ip)
        return response
