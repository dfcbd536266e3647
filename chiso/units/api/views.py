from django.utils.decorators import method_decorator
from rest_framework import mixins

from chiso.core.api import PolicyViewSet
from chiso.core.personcache import person_page

from ..filtersets import AgencyFilterSet, UnitFilterSet
from ..models import AdministrativeUnit, Agency
from .serializers import AgencySerializer, UnitSerializer


def _directory_list(request, **kwargs):
    """The list (the pickers' search) depends on the directory only: its generation is in every key."""
    return None if kwargs else []


# An official's searches cached per person (core.personcache).
@method_decorator(person_page(_directory_list), name="dispatch")
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
