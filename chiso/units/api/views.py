from rest_framework import mixins

from chiso.core.api import PolicyViewSet

from ..filtersets import AgencyFilterSet, UnitFilterSet
from ..models import AdministrativeUnit, Agency
from .serializers import AgencySerializer, UnitSerializer


class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    """Administrative units, both hierarchies. Public. Filters: ``level``, ``parent``, ``q``, ``valid_on``, ``era``."""

    public = True
    queryset = AdministrativeUnit.objects.order_by("path")
    serializer_class = UnitSerializer
    filterset_class = UnitFilterSet


class AgencyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    """Agencies within the caller's units (authenticated)."""

    queryset = Agency.objects.select_related("unit").order_by("unit__path", "name")
    serializer_class = AgencySerializer
    filterset_class = AgencyFilterSet
