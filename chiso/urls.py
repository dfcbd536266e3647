from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from chiso.core import health
from chiso.core.permissions import PUBLIC, Declaration


class SchemaView(SpectacularAPIView):
    @classmethod
    def chiso_policy(cls):
        return Declaration(kind=PUBLIC)


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI with its start-up script served as a file (``?script``), as the Content-Security-Policy wants."""

    template_name = "api/swagger_ui.html"

    @classmethod
    def chiso_policy(cls):
        return Declaration(kind=PUBLIC)


api_patterns = [
    path("", include("chiso.accounts.api_urls")),
    path("", include("chiso.units.api.urls")),
    path("", include("chiso.indices.api.urls")),
    path("", include("chiso.plans.api.urls")),
    path("", include("chiso.imports.api.urls")),
    path("", include("chiso.results.api.urls")),
    path("", include("chiso.citizens.api.urls")),
    path("reporting/", include("chiso.reporting.api.urls")),
    path("inspections/", include("chiso.inspections.api.urls")),
    path("disclosures/", include("chiso.disclosures.api.urls")),
    path("", include("chiso.surveys.api.urls")),
    path("", include("chiso.dashboards.api.urls")),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", include("chiso.core.urls")),
    path("", include("chiso.accounts.urls")),
    path("units/", include("chiso.units.urls")),
    path("papi/", include("chiso.indices.urls")),
    path("plans/import/", include("chiso.imports.urls")),
    path("plans/", include("chiso.plans.urls")),
    path("results/", include("chiso.results.urls")),
    path("", include("chiso.citizens.urls")),
    path("notifications/", include("chiso.notifications.urls")),
    path("reporting/", include("chiso.reporting.urls")),
    path("inspections/", include("chiso.inspections.urls")),
    path("disclosures/", include("chiso.disclosures.urls")),
    path("", include("chiso.surveys.urls")),
    path("dashboards/", include("chiso.dashboards.urls")),
    path("api/v1/", include(api_patterns)),
]

handler403 = "chiso.core.errors.permission_denied"
handler404 = "chiso.core.errors.page_not_found"
handler500 = "chiso.core.errors.server_error"
# Uploaded files are never served as static files: they go through views that ask the policy.
