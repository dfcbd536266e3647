from django.utils.translation import gettext as _
from rest_framework import serializers

from chiso.core.permissions import policy
from chiso.plans.models import Plan
from chiso.units.models import Agency

from ..models import (
    Attachment,
    Cadence,
    ConsolidatedReport,
    Period,
    Request,
    Schedule,
    Submission,
    SubmissionLine,
    Window,
)


class ScheduleSerializer(serializers.ModelSerializer):
    plan_code = serializers.CharField(source="plan.code", read_only=True)
    recipient_name = serializers.CharField(source="recipient.name", read_only=True)

    class Meta:
        model = Schedule
        fields = [
            "id",
            "plan",
            "plan_code",
            "title",
            "cadence",
            "second_half",
            "window",
            "agency_due_days",
            "unit_due_days",
            "open_days_before",
            "recipient",
            "recipient_name",
            "reporters",
            "metrics",
            "remind_days_before",
            "notify_overdue",
            "is_active",
            "version",
        ]


class VisiblePrimaryKey(serializers.PrimaryKeyRelatedField):
    """A reference to a row the caller may see: any other id is answered as if it did not exist."""

    def get_queryset(self):
        return policy.scope(self.context["request"].user, "view", super().get_queryset())


class ScheduleInputSerializer(serializers.Serializer):
    """A new schedule: the plan and the agencies must be within the caller's sight; ``recipient`` and
    ``reporters`` default to the plan's standing body and to its lead agencies and the committees below."""

    plan = VisiblePrimaryKey(queryset=Plan.objects.all())
    title = serializers.CharField(max_length=300)
    cadence = serializers.ChoiceField(choices=Cadence.choices, default=Cadence.QUARTERLY)
    second_half = serializers.BooleanField(
        default=False,
        help_text="Half-yearly only: report on the last six months as well, even beside a yearly schedule.",
    )
    window = serializers.ChoiceField(choices=Window.choices, default=Window.DECREE_09)
    agency_due_days = serializers.IntegerField(min_value=0, max_value=90, default=5)
    unit_due_days = serializers.IntegerField(min_value=0, max_value=90, default=5)
    open_days_before = serializers.IntegerField(min_value=0, max_value=90, default=10)
    recipient = VisiblePrimaryKey(queryset=Agency.objects.filter(is_active=True), required=False)
    reporters = VisiblePrimaryKey(queryset=Agency.objects.filter(is_active=True), many=True, required=False)
    metrics = serializers.ListField(child=serializers.DictField(), required=False, default=list)
    remind_days_before = serializers.IntegerField(min_value=0, max_value=30, default=3)
    notify_overdue = serializers.BooleanField(default=True)

    def validate_metrics(self, value):
        for item in value:
            if not str(item.get("code") or "").strip():
                raise serializers.ValidationError(_("Each figure needs a code."), code="metric_code")
        return value

    def validate(self, attrs):
        if attrs.get("cadence") != Cadence.HALF_YEARLY:
            attrs["second_half"] = False  # only a half-yearly schedule has a last six months to keep
        return attrs


class PeriodSerializer(serializers.ModelSerializer):
    schedule_title = serializers.CharField(source="schedule.title", read_only=True)
    plan = serializers.IntegerField(source="schedule.plan_id", read_only=True)
    consolidated = serializers.SerializerMethodField()

    class Meta:
        model = Period
        fields = [
            "id",
            "schedule",
            "schedule_title",
            "plan",
            "label",
            "is_ad_hoc",
            "note",
            "cutoff_start",
            "cutoff_end",
            "due_on",
            "unit_due_on",
            "status",
            "consolidated",
            "version",
        ]

    def get_consolidated(self, obj) -> int | None:
        # A missing reverse one-to-one raises a subclass of AttributeError: getattr's default applies.
        report = getattr(obj, "consolidated", None)
        return report.pk if report is not None else None


class RequestSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    unit = serializers.IntegerField(source="agency.unit_id", read_only=True)
    unit_name = serializers.CharField(source="agency.unit.name", read_only=True)
    period_label = serializers.CharField(source="period.label", read_only=True)
    submission = serializers.SerializerMethodField()

    class Meta:
        model = Request
        fields = [
            "id",
            "period",
            "period_label",
            "agency",
            "agency_name",
            "unit",
            "unit_name",
            "due_on",
            "status",
            "first_submitted_at",
            "on_time",
            "submission",
        ]

    def get_submission(self, obj) -> int | None:
        """The current version (the latest one): what the officer opens."""
        versions = getattr(obj, "latest", None)
        if versions is None:
            versions = list(obj.submissions.order_by("-number")[:1])
        return versions[0].pk if versions else None


class LineSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubmissionLine
        fields = [
            "id",
            "task",
            "position",
            "task_number",
            "task_title",
            "dimension_code",
            "task_status",
            "percent",
            "result",
            "evidence_count",
            "comment",
        ]


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Attachment
        fields = ["id", "name", "content_type", "size", "uploaded_at", "url"]


class SubmissionSerializer(serializers.ModelSerializer):
    lines = LineSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    agency = serializers.IntegerField(source="request.agency_id", read_only=True)
    agency_name = serializers.CharField(source="request.agency.name", read_only=True)
    period = serializers.IntegerField(source="request.period_id", read_only=True)
    due_on = serializers.DateField(source="request.due_on", read_only=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "request",
            "agency",
            "agency_name",
            "period",
            "due_on",
            "number",
            "status",
            "summary",
            "difficulties",
            "proposals",
            "narratives",
            "metrics",
            "submitted_at",
            "reviewed_at",
            "review_comment",
            "reopen_reason",
            "consolidated_from",
            "version",
            "attachments",
            "lines",
        ]


class SubmissionSummarySerializer(SubmissionSerializer):
    class Meta(SubmissionSerializer.Meta):
        fields = [f for f in SubmissionSerializer.Meta.fields if f not in ("lines", "narratives", "attachments")]


class AttachmentUpload(serializers.Serializer):
    file = serializers.FileField()


class LineInputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    percent = serializers.IntegerField(min_value=0, max_value=100, required=False)
    result = serializers.CharField(required=False, allow_blank=True)


class DraftInputSerializer(serializers.Serializer):
    """A draft save: ``version`` is the one the caller loaded (a stale one gets 409 with both versions)."""

    version = serializers.IntegerField()
    summary = serializers.CharField(required=False, allow_blank=True)
    difficulties = serializers.CharField(required=False, allow_blank=True)
    proposals = serializers.CharField(required=False, allow_blank=True)
    narratives = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    metrics = serializers.DictField(child=serializers.FloatField(min_value=0, allow_null=True), required=False)
    lines = LineInputSerializer(many=True, required=False)

    def validate_metrics(self, value):
        return {code: int(v) if v is not None and float(v).is_integer() else v for code, v in value.items()}

    def service_arguments(self):
        """``data`` and ``lines`` as :func:`services.save_draft` takes them."""
        values = dict(self.validated_data)
        version = values.pop("version")
        lines = {item["id"]: {k: v for k, v in item.items() if k != "id"} for item in values.pop("lines", [])}
        return version, values, lines


class ReturnInputSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    line_comments = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict)

    def validate_line_comments(self, value):
        try:
            return {int(key): text for key, text in value.items()}
        except ValueError:
            raise serializers.ValidationError(_("Lines are given by their id."), code="line_id") from None


class CommentInputSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class AdHocInputSerializer(serializers.Serializer):
    """An ad-hoc request ("báo cáo đột xuất"): its own cut-off and due dates (checked by the service)."""

    label = serializers.CharField(max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    cutoff_start = serializers.DateField()
    cutoff_end = serializers.DateField()
    due_on = serializers.DateField()
    unit_due_on = serializers.DateField(required=False, allow_null=True, default=None)


class PeriodStatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Period.Status.choices)


class ApproveInputSerializer(serializers.Serializer):
    # Both are required by the service, which answers ``missing_number`` without them.
    code = serializers.CharField(max_length=60, allow_blank=True, default="")
    report_date = serializers.DateField(allow_null=True, default=None)


class ConsolidatedReportSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = ConsolidatedReport
        fields = [
            "id",
            "period",
            "unit",
            "unit_name",
            "code",
            "title",
            "report_date",
            "status",
            "summary",
            "narratives",
            "shortcomings",
            "next_steps",
            "proposals",
            "figures",
            "task_results",
            "built_at",
            "approved_at",
            "signer_name",
            "signer_title",
            "version",
        ]


class ConsolidatedSummarySerializer(ConsolidatedReportSerializer):
    class Meta(ConsolidatedReportSerializer.Meta):
        fields = [f for f in ConsolidatedReportSerializer.Meta.fields if f not in ("task_results", "narratives")]


class RateRowSerializer(serializers.Serializer):
    request = serializers.IntegerField()
    agency = serializers.IntegerField()
    agency_name = serializers.CharField()
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    due_on = serializers.DateField()
    first_submitted_at = serializers.DateTimeField(allow_null=True)
    timeliness = serializers.CharField()
    status = serializers.CharField()
    submission = serializers.IntegerField(allow_null=True)


class ConsolidatedEditSerializer(serializers.Serializer):
    """What the standing body may edit on a draft consolidated report, with the ``version`` it loaded."""

    version = serializers.IntegerField()
    title = serializers.CharField(max_length=500, required=False)
    summary = serializers.CharField(required=False, allow_blank=True)
    shortcomings = serializers.CharField(required=False, allow_blank=True)
    next_steps = serializers.CharField(required=False, allow_blank=True)
    proposals = serializers.CharField(required=False, allow_blank=True)
