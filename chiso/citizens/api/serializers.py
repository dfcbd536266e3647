from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chiso.lib import personal

from ..models import Feedback, FeedbackCategory


class FeedbackSubmitSerializer(serializers.Serializer):
    """A citizen's submission (multipart, so photos and documents travel with it)."""

    unit = serializers.CharField(help_text="The unit's official code, as in /p/{code}/.")
    category = serializers.SlugRelatedField(slug_field="code", queryset=FeedbackCategory.objects.filter(is_active=True))
    subject = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=5000)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)
    contact_name = serializers.CharField(max_length=150, required=False, default="", allow_blank=True)
    contact_phone = serializers.CharField(max_length=30, required=False, default="", allow_blank=True)
    contact_email = serializers.EmailField(required=False, default="", allow_blank=True)
    contact_consent = serializers.BooleanField(required=False, default=False)
    website = serializers.CharField(required=False, default="", allow_blank=True, help_text="Leave empty.")
    submission_key = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        max_length=64,
        help_text="A key drawn once per submission (or the Idempotency-Key header): a repeated request with the same "
        "key returns the item the first one stored.",
    )


class PublicFeedbackSerializer(serializers.ModelSerializer):
    """What the holder of the tracking code may read: never contact details or attachments."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    category = serializers.CharField(source="category.code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    reject_reason_label = serializers.CharField(source="get_reject_reason_display", read_only=True)
    # The public title approved by the leader (else the category): the citizen's own subject may name people.
    subject = serializers.CharField(source="public_title", read_only=True)

    class Meta:
        model = Feedback
        fields = [
            "tracking_code",
            "unit_name",
            "category",
            "subject",
            "status",
            "status_label",
            "received_on",
            "acknowledge_due_on",
            "answer_due_on",
            "reject_reason",
            "reject_reason_label",
            "reject_note",
            "answer",
            "answered_on",
            "rating",
            "resolution",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # A draft answer is not public until a leader approves it (a merged item carries the published one).
        if instance.status in Feedback.OPEN_STATUSES:
            data["answer"] = ""
        return data


class PersonalDataSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["phone", "email"])
    value = serializers.CharField(help_text="As written in the subject or the answer.")


class FeedbackSerializer(serializers.ModelSerializer):
    """The handlers' view of an item (the inbox). ``personal_data``: phone numbers and e-mail addresses in the
    subject or the answer, to check before publishing."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    category = serializers.CharField(source="category.code", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True, default="")
    deadline_state = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    personal_data = serializers.SerializerMethodField()

    class Meta:
        model = Feedback
        fields = [
            "id",
            "tracking_code",
            "unit",
            "unit_name",
            "category",
            "agency",
            "agency_name",
            "source",
            "subject",
            "public_subject",
            "return_reason",
            "text",
            "contact_name",
            "contact_phone",
            "contact_email",
            "contact_consent",
            "status",
            "received_on",
            "acknowledge_due_on",
            "answer_due_on",
            "deadline_state",
            "reject_reason",
            "reject_note",
            "duplicate_of",
            "answer",
            "answered_on",
            "rating",
            "resolution",
            "reopen_count",
            "attachments",
            "personal_data",
            "version",
        ]

    @extend_schema_field(PersonalDataSerializer(many=True))
    def get_personal_data(self, obj):
        return [
            {"kind": f.kind, "value": f.value}
            for f in personal.find_in(subject=obj.public_subject or obj.subject, answer=obj.answer)
        ]

    @extend_schema_field(serializers.CharField())
    def get_deadline_state(self, obj):
        return obj.deadline_state()

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_attachments(self, obj):
        request = self.context.get("request")
        return [
            {
                "name": a.name,
                "content_type": a.content_type,
                "size": a.size,
                "url": request.build_absolute_uri(a.get_absolute_url()) if request else a.get_absolute_url(),
            }
            for a in obj.attachments.all()
        ]


class FeedbackRejectInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Feedback.RejectReason.choices)
    note = serializers.CharField(required=False, default="", allow_blank=True)


class FeedbackMergeInput(serializers.Serializer):
    into_code = serializers.CharField(max_length=20)


class FeedbackTransferInput(serializers.Serializer):
    agency = serializers.IntegerField()
    note = serializers.CharField(required=False, default="", allow_blank=True)


class FeedbackAnswerInput(serializers.Serializer):
    answer = serializers.CharField()
    public_subject = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text="The title published with the answer instead of the citizen's subject (kept when empty).",
    )


class FeedbackApproveInput(serializers.Serializer):
    answer = serializers.CharField(required=False, allow_blank=True, default="")
    public_subject = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text="The title published with the answer instead of the citizen's subject (kept when empty).",
    )
    publish_anyway = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Publish although the answer or the subject holds a phone number or an e-mail address "
        "(an office's public contacts); without it such an answer is refused with code personal_data.",
    )


class FeedbackReasonInput(serializers.Serializer):
    reason = serializers.CharField()
