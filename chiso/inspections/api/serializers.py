from rest_framework import serializers

from ..models import Finding, Inspection, InspectionPlan, Remedy, RemedyReport, TeamMember


class InspectionPlanSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = InspectionPlan
        fields = [
            "id",
            "unit",
            "unit_name",
            "year",
            "title",
            "code",
            "papi_plan",
            "note",
            "status",
            "issued_on",
            "version",
        ]
        read_only_fields = ["status", "code", "issued_on", "version"]


class InspectionTeamMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamMember
        fields = ["name", "position", "role"]


class InspectionSerializer(serializers.ModelSerializer):
    team = InspectionTeamMemberSerializer(many=True, read_only=True)
    theme_code = serializers.CharField(source="theme.code", read_only=True)
    inspected_unit_name = serializers.CharField(source="inspected_unit.name", read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "plan",
            "unit",
            "kind",
            "theme",
            "theme_code",
            "title",
            "inspected_unit",
            "inspected_unit_name",
            "inspected_agency",
            "lead_agency",
            "previous",
            "task",
            "year",
            "planned_month",
            "status",
            "decision_number",
            "decision_date",
            "start_on",
            "end_on",
            "scope",
            "team",
            "conclusion",
            "conclusion_number",
            "conclusion_date",
            "is_public",
            "published_on",
            "closing_note",
            "escalate_after_days",
            "version",
        ]
        read_only_fields = [
            "status",
            "decision_number",
            "decision_date",
            "start_on",
            "end_on",
            "scope",
            "conclusion",
            "conclusion_number",
            "conclusion_date",
            "is_public",
            "published_on",
            "closing_note",
            "version",
        ]


class RemedyReportSerializer(serializers.ModelSerializer):
    files = serializers.SerializerMethodField()

    class Meta:
        model = RemedyReport
        fields = ["id", "reported_on", "text", "verdict", "reason", "decided_on", "files"]

    def get_files(self, obj) -> list[str]:
        return [e.name for e in obj.evidence.all()]


class RemedySerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    timeliness = serializers.SerializerMethodField()
    reports = RemedyReportSerializer(many=True, read_only=True)

    class Meta:
        model = Remedy
        fields = [
            "id",
            "finding",
            "text",
            "agency",
            "agency_name",
            "evidence_expected",
            "assigned_on",
            "deadline_days",
            "due_on",
            "status",
            "timeliness",
            "reported_on",
            "resolved_on",
            "was_late",
            "reopen_count",
            "answer",
            "escalated_on",
            "reports",
            "version",
        ]

    def get_timeliness(self, obj) -> str:
        return obj.timeliness()


class FindingSerializer(serializers.ModelSerializer):
    remedies = RemedySerializer(many=True, read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "inspection", "answer", "number", "text", "severity", "found_on", "recurs", "remedies"]


class InspectionTeamInput(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    position = serializers.CharField(max_length=200, required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=TeamMember.Role.choices, required=False)


class InspectionDecideInput(serializers.Serializer):
    decision_number = serializers.CharField(max_length=60)
    decision_date = serializers.DateField()
    start_on = serializers.DateField()
    end_on = serializers.DateField()
    scope = serializers.CharField(required=False, allow_blank=True)
    team = InspectionTeamInput(many=True)


class InspectionFindingInput(serializers.Serializer):
    text = serializers.CharField()
    severity = serializers.ChoiceField(choices=Finding.Severity.choices)
    found_on = serializers.DateField(required=False)
    answer = serializers.IntegerField(required=False, allow_null=True)
    recurs = serializers.IntegerField(required=False, allow_null=True)


class InspectionRemedyInput(serializers.Serializer):
    text = serializers.CharField()
    agency = serializers.IntegerField()
    deadline_days = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=365)
    due_on = serializers.DateField(required=False, allow_null=True)
    evidence_expected = serializers.CharField(required=False, allow_blank=True, max_length=300)


class RemedyReportInput(serializers.Serializer):
    text = serializers.CharField()
    files = serializers.ListField(child=serializers.FileField(), required=False)


class RemedyVerifyInput(serializers.Serializer):
    accepted = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True)
    deadline_days = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=365)
    due_on = serializers.DateField(required=False, allow_null=True)


class RemedyReopenInput(serializers.Serializer):
    reason = serializers.CharField()
    deadline_days = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=365)
    due_on = serializers.DateField(required=False, allow_null=True)


class RecommendationAnswerInput(serializers.Serializer):
    answer = serializers.ChoiceField(choices=Remedy.Answer.choices)
    text = serializers.CharField()


class InspectionPlanIssueInput(serializers.Serializer):
    code = serializers.CharField(max_length=60)
    issued_on = serializers.DateField()


class InspectionConcludeInput(serializers.Serializer):
    conclusion = serializers.CharField()
    signer_name = serializers.CharField(required=False, allow_blank=True)
    signer_title = serializers.CharField(required=False, allow_blank=True)


class InspectionApproveInput(serializers.Serializer):
    number = serializers.CharField(max_length=60)
    concluded_on = serializers.DateField()


class InspectionPublishInput(serializers.Serializer):
    public = serializers.BooleanField(default=True)


class InspectionCloseInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True)
