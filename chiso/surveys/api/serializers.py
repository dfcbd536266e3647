from rest_framework import serializers

from ..models import CollectionPoint, Question, Survey


class PointSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")

    class Meta:
        model = CollectionPoint
        fields = ["id", "unit", "unit_name", "name", "quota", "token"]


class SurveySerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    points = PointSerializer(many=True, read_only=True)

    class Meta:
        model = Survey
        fields = ["id", "unit", "unit_name", "title", "title_en", "status", "opens_on", "closes_on", "min_sample",
                  "results_public", "version", "points"]  # fmt: skip


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "position", "section", "name", "kind", "label", "label_en", "required", "relevant", "choices",
                  "factor", "papi_code"]  # fmt: skip


class ResponseSubmitSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=20, help_text="The collection point's link code (from its QR code).")
    device = serializers.CharField(max_length=100, help_text="An identifier the client keeps for its device.")
    answers = serializers.DictField(help_text="Question name → answer (a list for multiple choice).")
