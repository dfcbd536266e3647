from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers
from rest_framework.response import Response

from chiso.core.api import PolicyViewSet

from ..filtersets import ScoreFilterSet
from ..models import Dimension, Indicator, Score, SubDimension
from .serializers import DimensionSerializer, ScoreSerializer


class FrameworkViewSet(PolicyViewSet):
    """The PAPI framework as one tree: dimensions → sub-dimensions → indicators. Public."""

    public = True
    queryset = Dimension.objects.filter(index__code="PAPI").order_by("order")
    serializer_class = DimensionSerializer
    pagination_class = None

    @extend_schema(
        responses=inline_serializer(
            "Framework", {"index": serializers.CharField(), "dimensions": DimensionSerializer(many=True)}
        )
    )
    def tree(self, request):  # not "list": the answer is one object (the index and its tree), not a list
        subs = SubDimension.objects.order_by("order", "code").prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("code"))
        )
        dims = self.get_queryset().prefetch_related(Prefetch("subdimensions", queryset=subs))
        return Response({"index": "PAPI", "dimensions": DimensionSerializer(dims, many=True).data})


class ScoreViewSet(mixins.ListModelMixin, PolicyViewSet):
    """Published PAPI scores per legacy province and year. Filters: ``year``, ``province``, ``dimension``."""

    public = True
    queryset = Score.objects.filter(index__code="PAPI").select_related("unit").order_by("year", "unit__code", "code")
    serializer_class = ScoreSerializer
    filterset_class = ScoreFilterSet
