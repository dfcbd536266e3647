"""API authentication: username + password → token, throttled like the login form."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, throttling
from rest_framework.authtoken.views import ObtainAuthToken

from .permissions import PUBLIC, Declaration


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
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not isinstance(request.data, dict):  # a JSON list or string is no login: 400, not a 500 on .get()
            from django.utils.translation import gettext as _
            from rest_framework.exceptions import ParseError

            raise ParseError(_("Send a username and a password."))

    def post(self, request, *args, **kwargs):
        from chiso.accounts.throttle import login_blocked, register_failure, reset_failures

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
