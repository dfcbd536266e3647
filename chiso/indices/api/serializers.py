from rest_framework import serializers

from ..models import Dimension, Indicator, Score, SubDimension


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "code", "name_vi", "name_en", "official_wording", "subdimension"]


class SubDimensionSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = SubDimension
        fields = ["id", "code", "name_vi", "name_en", "since", "until", "indicators"]


class DimensionSerializer(serializers.ModelSerializer):
    subdimensions = SubDimensionSerializer(many=True, read_only=True)

    class Meta:
        model = Dimension
        fields = ["id", "code", "name_vi", "name_en", "since", "until", "subdimensions"]


class ScoreSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="unit.code", read_only=True)
    province_name = serializers.CharField(source="unit.name", read_only=True)
    dimension = serializers.CharField(source="code", read_only=True)
    value = serializers.DecimalField(max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True)
    scale_min = serializers.SerializerMethodField()
    scale_max = serializers.SerializerMethodField()

    class Meta:
        model = Score
        fields = ["year", "province", "province_name", "dimension", "value", "n_dimensions", "scale_min", "scale_max"]

    def get_scale_min(self, obj) -> float | None:
        return obj.scale[0] if obj.code == Score.TOTAL or "." not in obj.code else None

    def get_scale_max(self, obj) -> float | None:
        return obj.scale[1] if obj.code == Score.TOTAL or "." not in obj.code else None
