"""DRF settings targets that must not import ``rest_framework.views`` (which reads these very settings)."""

from rest_framework import pagination, permissions

from .permissions import PUBLIC, policy


class Pagination(pagination.PageNumberPagination):
    """``{"count", "next", "previous", "results"}``; ``page_size`` up to 500."""

    page_size_query_param = "page_size"
    max_page_size = 500


class PolicyPermission(permissions.BasePermission):
    """Every API request goes through the one policy: model-level first, then object-level."""

    def _action(self, request, view):
        mapping = getattr(view, "policy_actions", {})
        action = getattr(view, "action", None)
        if action in mapping:
            return mapping[action]
        return "view" if request.method in permissions.SAFE_METHODS else "change"

    def has_permission(self, request, view):
        declaration = view.chiso_policy() if callable(getattr(view, "chiso_policy", None)) else None
        if declaration is None:
            return False
        if declaration.kind == PUBLIC:
            return True
        if declaration.kind == "authenticated":
            return bool(request.user and request.user.is_authenticated)
        return policy.can(request.user, self._action(request, view), declaration.model)

    def has_object_permission(self, request, view, obj):
        declaration = view.chiso_policy()
        if declaration.kind != "model":
            return True
        return policy.can(request.user, self._action(request, view), obj)
