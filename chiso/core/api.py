"""API base: the policy as a DRF permission, scoped viewsets, pagination, error format."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, viewsets
from rest_framework.views import exception_handler as drf_exception_handler

from .api_base import Pagination, PolicyPermission
from .permissions import PUBLIC, Declaration, policy

__all__ = ["Pagination", "PolicyPermission", "PolicyViewSet", "exception_handler"]


class PolicyViewSet(viewsets.GenericViewSet):
    """Base of every API viewset: the queryset is cut by the policy; ``public`` opens reading to anyone."""

    public = False
    policy_actions = {"list": "view", "retrieve": "view"}
    # ``None``: each action reads the rows it may take (``policy_actions``). ``"view"``: every action reads the rows
    # the user sees, for a view set whose transitions check their own action in the service.
    scope_action = None

    @classmethod
    def chiso_policy(cls):
        if cls.public:
            return Declaration(kind=PUBLIC)
        return Declaration(kind="model", action="view", model=cls.queryset.model)

    def get_queryset(self):
        action = self.scope_action or self.policy_actions.get(getattr(self, "action", None), "view")
        return policy.scope(self.request.user, action, super().get_queryset())


def _same_answer(original, cls):
    """A new exception of ``cls`` with the status and authentication header DRF gave ``original``."""

    def build(detail):
        new = cls(detail)
        new.status_code = original.status_code
        if hasattr(original, "auth_header"):
            new.auth_header = original.auth_header
        return new

    return build


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
    elif isinstance(exc, exceptions.NotAuthenticated):
        # DRF's own sentence has no Vietnamese; ours says what to do next (issue 14). The status (401, or 403
        # without an authentication header) and the WWW-Authenticate header stay DRF's.
        exc = _same_answer(exc, exceptions.NotAuthenticated)(
            _(
                "Authentication credentials were not provided. Send the header “Authorization: Token <key>”; "
                "a key is obtained at /api/v1/auth/token/."
            )
        )
    elif isinstance(exc, exceptions.AuthenticationFailed) and exc.get_codes() == "authentication_failed":
        exc = _same_answer(exc, exceptions.AuthenticationFailed)(
            _("This API token is not valid. Obtain a new one at /api/v1/auth/token/.")
        )
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
