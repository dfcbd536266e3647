from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chiso.core.permissions import policy
from chiso.units.models import AdministrativeUnit

from ..models import (
    TYPE_FIELDS,
    DeadlineUnit,
    DisclosureType,
    Duty,
    Place,
    PlacePhoto,
    Posting,
    PostingDocument,
    PostingPlace,
    Recurrence,
)


# Described as a string with its values in words: an ``enum`` here would be named by drf-spectacular after the field
# ("kind", "places") and collide with the project's other fields of those names.
@extend_schema_field({"type": "string", "description": "One of: " + ", ".join(Place.values)})
class PlaceKindField(serializers.ChoiceField):
    """A place of posting, described inline in the schema (the project has other fields named ``kind``)."""

    def __init__(self, **kwargs):
        super().__init__(choices=Place.choices, **kwargs)


class VisiblePrimaryKey(serializers.PrimaryKeyRelatedField):
    """A reference to a row the caller may see: any other id is answered as if it did not exist."""

    def get_queryset(self):
        return policy.scope(self.context["request"].user, "view", super().get_queryset())


class DisclosureTypeSerializer(serializers.ModelSerializer):
    places = serializers.ListField(child=PlaceKindField(), allow_empty=True)
    recurrence = serializers.ChoiceField(choices=Recurrence.choices, required=False)
    deadline_unit = serializers.ChoiceField(choices=DeadlineUnit.choices, required=False)
    unit = serializers.PrimaryKeyRelatedField(
        queryset=AdministrativeUnit.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = DisclosureType
        fields = ["id", *TYPE_FIELDS, "version"]
        read_only_fields = ["version"]


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = PlacePhoto
        fields = ["id", "name", "content_type", "size", "taken_on", "url"]


class DocumentSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = PostingDocument
        fields = ["id", "name", "content_type", "size", "url"]


class PlaceSerializer(serializers.ModelSerializer):
    kind = PlaceKindField(read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)

    class Meta:
        model = PostingPlace
        fields = ["id", "kind", "name", "url", "posted_from", "posted_to", "taken_down_reason", "photos", "version"]


class DutySerializer(serializers.ModelSerializer):
    type_name = serializers.CharField(source="type.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Duty
        fields = [
            "id",
            "unit",
            "unit_name",
            "type",
            "type_name",
            "key",
            "label",
            "period_start",
            "period_end",
            "trigger_on",
            "due_on",
            "places",
            "min_days",
        ]


class EventInputSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=AdministrativeUnit.objects.all())
    type = serializers.PrimaryKeyRelatedField(queryset=DisclosureType.objects.filter(is_active=True))
    event = serializers.CharField(max_length=300)
    trigger_on = serializers.DateField()


class PostingSerializer(serializers.ModelSerializer):
    places = PlaceSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    duty = DutySerializer(read_only=True)

    class Meta:
        model = Posting
        fields = [
            "id",
            "duty",
            "title",
            "reference",
            "note",
            "status",
            "recorded_by",
            "confirmed_by",
            "confirmed_at",
            "withdraw_reason",
            "places",
            "documents",
            "version",
        ]


class PlaceInputSerializer(serializers.Serializer):
    kind = PlaceKindField()
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    posted_from = serializers.DateField()
    posted_to = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class PostingInputSerializer(serializers.Serializer):
    duty = VisiblePrimaryKey(queryset=Duty.objects.all())
    title = serializers.CharField(max_length=300)
    reference = serializers.CharField(max_length=300, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)
    places = PlaceInputSerializer(many=True)


class ConfirmInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class TakeDownInputSerializer(serializers.Serializer):
    place = serializers.IntegerField()
    posted_to = serializers.DateField()
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)
    version = serializers.IntegerField(required=False)


class PhotoUpload(serializers.Serializer):
    place = serializers.IntegerField()
    file = serializers.FileField()
    taken_on = serializers.DateField()


class DocumentUpload(serializers.Serializer):
    file = serializers.FileField()
