"""API authentication: username + password → token, throttled like the login form; tokens expire and rotate."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ParseError, Throttled
from rest_framework.response import Response
from rest_framework.views import APIView

from chiso.core.permissions import AUTHENTICATED, PUBLIC, Declaration
from chiso.lib.ratelimit import LoginRateThrottle, client_address

from . import throttle, tokens

TokenResponse = inline_serializer(
    "TokenResponse", {"token": serializers.CharField(), "expires": serializers.DateTimeField(allow_null=True)}
)


def _token_response(token):
    return Response({"token": token.key, "expires": tokens.expires_at(token)})


class ObtainTokenView(ObtainAuthToken):
    """``POST /api/v1/auth/token/`` with ``username`` and ``password`` → ``{"token": "…", "expires": "…"}``."""

    throttle_classes = [LoginRateThrottle]
    permission_classes = []

    @classmethod
    def chiso_policy(cls):
        return Declaration(kind=PUBLIC)

    @extend_schema(
        request=inline_serializer(
            "TokenRequest", {"username": serializers.CharField(), "password": serializers.CharField()}
        ),
        responses=TokenResponse,
    )
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not isinstance(request.data, dict):  # a JSON list or string is no login: 400, not a 500 on .get()
            raise ParseError(_("Send a username and a password."))

    def post(self, request, *args, **kwargs):
        username = str(request.data.get("username", ""))
        ip = client_address(request)
        wait = throttle.seconds_until_allowed(username, ip)
        if wait:
            raise Throttled(
                wait=wait,
                detail=_("Too many failed attempts. Try again in %(minutes)s minutes, or ask the administrator.")
                % {"minutes": throttle.wait_text(wait)},
            )
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            throttle.register_failure(username, ip)
            serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        throttle.reset_failures(username, ip)
        return _token_response(tokens.issue(user))


class RotateTokenView(APIView):
    """``POST /api/v1/auth/token/rotate/`` with a valid token → a new token; the old one stops working."""

    @classmethod
    def chiso_policy(cls):
        return Declaration(kind=AUTHENTICATED)

    @extend_schema(request=None, responses=TokenResponse)
    def post(self, request, *args, **kwargs):
        return _token_response(tokens.rotate(request.user))
