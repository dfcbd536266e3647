"""Plan import API: the same services and the same policy as the screens.

``POST /plan-imports/`` (multipart ``unit``, ``file``) reads a document; ``GET /plan-imports/<id>/`` what was
understood and the reporting schedules proposed; ``POST /plan-imports/<id>/confirm/`` creates the draft plan with
the preview's corrections (header fields, ``schedules``), all or nothing.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from chiso.core.api import PolicyViewSet
from chiso.core.permissions import policy

from .. import services
from ..models import PlanImport
from .serializers import ConfirmSerializer, PlanImportSerializer, UploadSerializer


class PlanImportViewSet(mixins.RetrieveModelMixin, PolicyViewSet):
    queryset = PlanImport.objects.select_related("unit").order_by("id")
    serializer_class = PlanImportSerializer
    policy_actions = {"retrieve": "view", "create": "add", "confirm": "change"}
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=UploadSerializer, responses={201: PlanImportSerializer})
    def create(self, request):
        data = UploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        record = services.start_import(
            unit=data.validated_data["unit"], actor=request.user, name=upload.name, data=upload.read()
        )
        return Response(PlanImportSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ConfirmSerializer, responses={201: dict})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        record = get_object_or_404(policy.scope(request.user, "change", PlanImport.objects.all()), pk=pk)
        data = ConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        edits = dict(data.validated_data)
        version, choices = edits.pop("version"), edits.pop("choices")
        plan = services.confirm_import(record, actor=request.user, choices=choices, loaded_version=version, edits=edits)
        return Response({"plan": plan.pk, "url": plan.get_absolute_url()}, status=status.HTTP_201_CREATED)
