from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from chiso.plans.models import Plan
from chiso.units.models import AdministrativeUnit

from ..models import PlanImport


class PlanImportSerializer(serializers.ModelSerializer):
    """An uploaded plan document: what the reader understood (``result``, the schema's JSON) and the reporting
    schedules its duties make (``schedules``), to correct and send back to ``confirm/``."""

    schedules = serializers.SerializerMethodField()

    class Meta:
        model = PlanImport
        fields = ["id", "unit", "name", "status", "version", "plan", "result", "schedules"]

    def get_schedules(self, record) -> list[dict]:
        from .. import services

        return services.proposed_schedules(record.result)


class UploadSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=AdministrativeUnit.objects.all(), label=_("Unit"))
    file = serializers.FileField(label=_("Plan document"))


class ConfirmSerializer(serializers.Serializer):
    """The preview's corrections; a field left out keeps what the reader understood. ``schedules`` replaces the
    proposed reporting schedules entirely: each ``{"title", "cadence", "window", "due_days", "source",
    "second_half"}`` (``second_half``: a half-yearly schedule keeps the last six months beside a yearly one)."""

    version = serializers.IntegerField()
    choices = serializers.DictField(child=serializers.CharField(), required=False, default=dict)
    unit = serializers.PrimaryKeyRelatedField(queryset=AdministrativeUnit.objects.all(), required=False)
    code = serializers.CharField(max_length=60, required=False, allow_blank=True)
    title = serializers.CharField(max_length=500, required=False)
    issued_on = serializers.DateField(required=False, allow_null=True)
    year = serializers.IntegerField(min_value=2009, max_value=2100, required=False)
    parent = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all(), required=False, allow_null=True)
    clash = serializers.ChoiceField(choices=["", "without_number", "replace"], required=False, allow_blank=True)
    signer_title = serializers.CharField(max_length=150, required=False, allow_blank=True)
    signer_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    schedules = serializers.ListField(child=serializers.DictField(), required=False)
