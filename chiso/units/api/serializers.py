from rest_framework import serializers

from ..models import AdministrativeUnit, Agency


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)  # null for a province

    class Meta:
        model = AdministrativeUnit
        fields = [
            "id",
            "era",
            "code",
            "name",
            "short_name",
            "kind",
            "level",
            "parent",
            "path",
            "valid_from",
            "valid_to",
        ]


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "short_name", "kind", "unit", "parent", "aliases", "email", "phone", "is_active"]
