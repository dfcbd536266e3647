"""API base: the policy as a DRF permission, scoped viewsets, pagination, error format."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, viewsets
from rest_framework.views import exception_handler as drf_exception_handler

from .api_base import Pagination, PolicyPermission
from .permissions import PUBLIC, Declaration, policy

__all__ = ["Pagination", "PolicyPermission", "PolicyViewSet", "exception_handler"]


class PolicyViewSet(viewsets.GenericViewSet):
    """Base of every API viewset: the queryset is cut by the policy; ``public`` opens reading to anyone."""

    public = False
    policy_actions = {"list": "view", "retrieve": "view"}

    @classmethod
    def chiso_policy(cls):
        if cls.public:
            return Declaration(kind=PUBLIC)
        return Declaration(kind="model", action="view", model=cls.queryset.model)

    def get_queryset(self):
        action = self.policy_actions.get(getattr(self, "action", None), "view")
        return policy.scope(self.request.user, action, super().get_queryset())


def exception_handler(exc, context):
    """DRF's handler, plus Django's own errors, each answer carrying a machine-readable ``code``."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "code" not in response.data:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        response.data["code"] = codes if isinstance(codes, str) else getattr(exc, "default_code", "error")
    return response
