"""API tokens that expire (``API_TOKEN_TTL`` seconds after they were issued) and can be rotated.

DRF's token model keeps one token per user with its creation time; expiry is counted from that time, so an
expired token answers 401 until its holder asks for a new one (``POST /api/v1/auth/token/`` with the password)
or rotates it (``POST /api/v1/auth/token/rotate/`` with the current token).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


def _token_model():
    # A model: this module is named in the REST_FRAMEWORK settings and imported before the models are ready.
    from rest_framework.authtoken.models import Token

    return Token


def expires_at(token):
    """When ``token`` stops working; None when tokens never expire (``API_TOKEN_TTL=0``)."""
    if settings.API_TOKEN_TTL <= 0:
        return None
    return token.created + timedelta(seconds=settings.API_TOKEN_TTL)


def is_expired(token) -> bool:
    end = expires_at(token)
    return end is not None and timezone.now() >= end


@transaction.atomic
def issue(user):
    """The user's token, a new one when there is none or it has expired."""
    Token = _token_model()
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and is_expired(token):
        token.delete()
        token = None
    if token is None:
        token = Token.objects.create(user=user)
    return token


@transaction.atomic
def rotate(user):
    """Replace the user's token with a new one; the old one stops working at once."""
    Token = _token_model()
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token …`` as in DRF, refused with a clear message once the token has expired."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if is_expired(token):
            raise exceptions.AuthenticationFailed(
                _("The API token has expired. Obtain a new one at /api/v1/auth/token/."), code="token_expired"
            )
        return user, token
