"""Error pages in the user's language; the API gets JSON instead of HTML."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def _wants_json(request):
    return request.path.startswith("/api/")


def permission_denied(request, exception=None):
    if _wants_json(request):
        return JsonResponse(
            {"detail": _("You do not have permission to perform this action."), "code": "permission_denied"}, status=403
        )
    return defaults.permission_denied(request, exception, template_name="403.html")


def page_not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=404)
    return defaults.page_not_found(request, exception, template_name="404.html")


def server_error(request):
    if _wants_json(request):
        return JsonResponse({"detail": _("Server error."), "code": "server_error"}, status=500)
    return defaults.server_error(request, template_name="500.html")
