from django.utils.datastructures import MultiValueDict
from rest_framework import serializers
from rest_framework.exceptions import ParseError

from ..models import Plan, ProgressUpdate, Target, Task


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["id", "text", "kind", "value"]


class PlanSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    targets = TargetSerializer(many=True, read_only=True)
    task_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "unit",
            "unit_name",
            "issuer",
            "parent",
            "year",
            "code",
            "title",
            "place",
            "issued_on",
            "status",
            "basis",
            "targets",
            "child_deadline_days",
            "backdate_limit_days",
            "pilot_units",
            "amendment_count",
            "task_count",
            "version",
        ]


class TaskSerializer(serializers.ModelSerializer):
    lead = serializers.SerializerMethodField()
    coordinating = serializers.SerializerMethodField()
    dimensions = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    status = serializers.SerializerMethodField()
    timeframe = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "group",
            "implements",
            "number",
            "title",
            "activity",
            "output",
            "lead",
            "coordinating",
            "timeframe",
            "dimensions",
            "weight",
            "percent",
            "status",
            "completed_on",
            "last_progress_on",
            "pilot_units",
            "version",
        ]

    def _agencies(self, obj, role):
        return [
            {"id": link.agency_id, "name": link.agency.name} for link in obj.agency_links.all() if link.role == role
        ]

    def get_lead(self, obj) -> list[dict]:
        return self._agencies(obj, "lead")

    def get_coordinating(self, obj) -> list[dict]:
        return self._agencies(obj, "coordinating")

    def get_status(self, obj) -> str:
        return obj.status

    def get_timeframe(self, obj) -> dict:
        return {
            "kind": obj.timeframe_kind,
            "text": obj.timeframe_text,
            "start": obj.start_on.isoformat() if obj.start_on else None,
            "end": obj.due_on.isoformat() if obj.due_on else None,
        }


class EvidenceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()


class ProgressUpdateSerializer(serializers.ModelSerializer):
    evidence = EvidenceRefSerializer(many=True, read_only=True)
    recorded_on = serializers.DateField(read_only=True)  # the day it was recorded, beside the date it states

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "task",
            "agency",
            "author",
            "reported_on",
            "recorded_on",
            "counted_on",
            "status",
            "percent",
            "justification",
            "description",
            "evidence",
        ]
        read_only_fields = ["task", "agency", "author"]


class ProgressInputSerializer(serializers.Serializer):
    reported_on = serializers.DateField()
    status = serializers.ChoiceField(choices=ProgressUpdate.Status.choices, default="in_progress")
    percent = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    justification = serializers.CharField(required=False, allow_blank=True, max_length=300)
    description = serializers.CharField()
    files = serializers.ListField(child=serializers.FileField(), required=False)


class IssueInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=60)
    issued_on = serializers.DateField()


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField()


class TaskTableUpload(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)


def form_data(data, lists) -> MultiValueDict:
    """A JSON body as the page's form reads a POST: list fields (agencies, dimensions, pilot units) as repeated
    values; ``targets`` and ``basis`` as the forms' one-per-line text."""
    if not isinstance(data, dict):  # a JSON list or string (a QueryDict is a dict): 400, not a 500 on dict()
        raise ParseError()
    out = MultiValueDict()
    for key, value in dict(data).items():
        if key == "targets":
            key, value = "targets_text", "\n".join(map(str, value)) if isinstance(value, list) else value
        elif key == "basis" and isinstance(value, list):
            value = "\n".join(v.get("text", "") if isinstance(v, dict) else str(v) for v in value)
        if key in lists:
            out.setlist(key, [str(v) for v in (value if isinstance(value, list) else [value])])
        elif isinstance(value, bool):
            out[key] = "on" if value else ""
        elif value is not None:
            out[key] = str(value)
    return out


class PlanInputSerializer(serializers.Serializer):
    """A new draft plan (the fields of the "New plan" page); ``targets`` and ``basis`` one string per line."""

    LISTS = {"pilot_units"}
    unit = serializers.IntegerField()
    issuer = serializers.IntegerField(required=False)
    parent = serializers.IntegerField(required=False)
    year = serializers.IntegerField()
    title = serializers.CharField()
    code = serializers.CharField(required=False)
    place = serializers.CharField(required=False)
    basis = serializers.ListField(child=serializers.CharField(), required=False)
    purposes = serializers.CharField(required=False)
    body = serializers.CharField(required=False)
    implementation = serializers.CharField(required=False)
    targets = serializers.ListField(child=serializers.CharField(), required=False)
    child_deadline_days = serializers.IntegerField(required=False)
    backdate_limit_days = serializers.IntegerField(required=False)
    pilot_units = serializers.ListField(child=serializers.IntegerField(), required=False)
    signer_name = serializers.CharField(required=False)
    signer_title = serializers.CharField(required=False)
    recipients = serializers.CharField(required=False)


class TaskInputSerializer(serializers.Serializer):
    """A new task (the fields of the task page): agencies and tags by id, the timeframe as plans write it
    ("Thường xuyên", "Quý II/2025", "Trước ngày 29/6/2025")."""

    LISTS = {"lead", "coordinating", "dimensions", "subdimensions", "indicators", "pilot_units"}
    group = serializers.IntegerField(required=False)
    number = serializers.CharField(required=False)
    title = serializers.CharField()
    activity = serializers.CharField(required=False)
    output = serializers.CharField(required=False)
    weight = serializers.IntegerField(required=False)
    timeframe = serializers.CharField(required=False)
    is_heading = serializers.BooleanField(required=False)
    lead = serializers.ListField(child=serializers.IntegerField(), required=False)
    coordinating = serializers.ListField(child=serializers.IntegerField(), required=False)
    dimensions = serializers.ListField(child=serializers.IntegerField(), required=False)
    subdimensions = serializers.ListField(child=serializers.IntegerField(), required=False)
    indicators = serializers.ListField(child=serializers.IntegerField(), required=False)
    pilot_units = serializers.ListField(child=serializers.IntegerField(), required=False)
