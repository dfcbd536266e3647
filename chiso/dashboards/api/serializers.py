from rest_framework import serializers

from ..models import Scorecard


class ScorecardSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Scorecard
        fields = ["id", "name", "unit", "unit_name", "level", "criteria", "reward_from", "remind_below", "version"]
        read_only_fields = fields
