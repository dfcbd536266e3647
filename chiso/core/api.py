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
    """DRF's handler, plus Django's own errors; every answer is an object with a machine-readable ``code``
    (the service's ``ValidationError`` code where it gave one, e.g. ``already_issued``)."""
    code = None
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            codes = [e.code for errors in exc.error_dict.values() for e in errors if e.code]
            detail = exc.message_dict
        else:
            codes = [e.code for e in exc.error_list if e.code]
            detail = {"detail": exc.messages}
        code = codes[0] if codes else "invalid"
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(response.data, list):
        response.data = {"detail": response.data}
    if isinstance(response.data, dict) and "code" not in response.data:
        if code is None:
            codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
            code = codes if isinstance(codes, str) else getattr(exc, "default_code", "error")
        response.data["code"] = code
    return response
