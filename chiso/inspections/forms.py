"""Shape validation of the inspection screens; what an actor may name is checked by the services (which use the
same choices: ``services.inspecting_units``, ``inspectable_units``, ``responsible_agencies``)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chiso.core.forms import StyledForm, StyledModelForm, date_field
from chiso.plans.forms import MultipleFileField
from chiso.plans.models import Plan
from chiso.units.models import Agency

from . import services
from .models import Finding, Inspection, InspectionPlan, Remedy, TeamMember


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.unit.name}"


class PlanForm(StyledModelForm):
    class Meta:
        model = InspectionPlan
        fields = ["unit", "year", "title", "papi_plan", "note"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = services.inspecting_units(user)
        self.fields["unit"].queryset = units
        self.fields["papi_plan"].queryset = Plan.objects.visible_to(user).filter(unit__in=units).select_related("unit")


class IssueForm(StyledForm):
    code = forms.CharField(label=_("Number"), max_length=60, help_text=_("e.g. 05/KH-UBND"))
    issued_on = date_field(_("Issue date"), initial=timezone.localdate)


class InspectionForm(StyledModelForm):
    """A planned inspection (in a plan) or a surprise inspection, re-inspection or supervision visit."""

    inspected_agency = AgencyChoiceField(label=_("inspected agency"), queryset=Agency.objects.none(), required=False)
    lead_agency = AgencyChoiceField(label=_("lead agency"), queryset=Agency.objects.none(), required=False)

    class Meta:
        model = Inspection
        fields = [
            "unit",
            "kind",
            "theme",
            "title",
            "inspected_unit",
            "inspected_agency",
            "lead_agency",
            "year",
            "planned_month",
            "previous",
            "escalate_after_days",
        ]

    def __init__(self, *args, user=None, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        units = services.inspecting_units(user)
        self.fields["unit"].queryset = units
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Left empty: the theme and the unit inspected.")
        self.fields["year"].required = False
        unit = plan.unit if plan is not None else None
        if unit is None and self.data.get("unit"):
            unit = units.filter(pk=self.data.get("unit")).first()
        if unit is None and units.count() == 1:
            unit = units.first()
        if unit is not None:
            self.fields["unit"].initial = unit.pk
            inspectable = services.inspectable_units(unit)
            self.fields["inspected_unit"].queryset = inspectable
            agencies = Agency.objects.filter(is_active=True).select_related("unit")
            self.fields["inspected_agency"].queryset = agencies.filter(unit__in=inspectable).order_by(
                "unit__path", "name"
            )
            self.fields["lead_agency"].queryset = agencies.filter(unit=unit).order_by("name")
            self.fields["previous"].queryset = (
                Inspection.objects.visible_to(user).filter(unit=unit).select_related("inspected_unit")
            )
        else:
            self.fields["inspected_unit"].queryset = self.fields["inspected_unit"].queryset.none()
            self.fields["previous"].queryset = Inspection.objects.none()
        if plan is not None:
            self.fields["unit"].disabled = True
            self.fields["kind"].initial = Inspection.Kind.SCHEDULED
            self.fields["year"].initial = plan.year
        else:
            self.fields["kind"].choices = [c for c in Inspection.Kind.choices if c[0] != Inspection.Kind.SCHEDULED]
            self.fields["year"].initial = timezone.localdate().year


class DecisionForm(StyledForm):
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, help_text=_("e.g. 12/QĐ-UBND"))
    decision_date = date_field(_("Decision date"), initial=timezone.localdate)
    start_on = date_field(_("From"))
    end_on = date_field(_("To"))
    scope = forms.CharField(label=_("Content of the inspection"), required=False, widget=forms.Textarea)
    head_name = forms.CharField(label=_("Head of the team"), max_length=150)
    head_position = forms.CharField(label=_("Head's position"), max_length=200, required=False)
    members = forms.CharField(
        label=_("Other members"),
        required=False,
        widget=forms.Textarea,
        help_text=_("One per line: full name, position (e.g. “Trần Thị Bích, Chuyên viên Phòng Nội vụ”)."),
    )

    def team(self, user=None):
        data = self.cleaned_data
        team = [
            {
                "name": data["head_name"],
                "position": data.get("head_position", ""),
                "role": TeamMember.Role.HEAD,
                "user": user,
            }
        ]
        for line in (data.get("members") or "").splitlines():
            if line.strip():
                name, _sep, position = line.partition(",")
                team.append({"name": name.strip(), "position": position.strip(), "role": TeamMember.Role.MEMBER})
        return team


class EvidenceForm(StyledForm):
    file = forms.FileField(label=_("File"), help_text=_("PDF, images or Office files, up to 20 MB."))


class FindingForm(StyledForm):
    answer = forms.ModelChoiceField(label=_("Checklist item"), queryset=None, required=False)
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea)
    severity = forms.ChoiceField(label=_("Severity"), choices=Finding.Severity.choices, initial="moderate")
    found_on = date_field(_("Found on"), initial=timezone.localdate)
    recurs = forms.ModelChoiceField(
        label=_("Same as the earlier finding"),
        queryset=None,
        required=False,
        help_text=_("On a re-inspection: the shortcoming the earlier inspection found again."),
    )

    def __init__(self, *args, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].queryset = inspection.answers.all()
        if inspection.previous_id:
            self.fields["recurs"].queryset = Finding.objects.filter(inspection=inspection.previous)
        else:
            del self.fields["recurs"]


class RemedyForm(StyledForm):
    text = forms.CharField(label=_("Remedy"), widget=forms.Textarea)
    agency = AgencyChoiceField(label=_("Responsible agency"), queryset=None)
    deadline_days = forms.IntegerField(
        label=_("Deadline in working days"),
        min_value=1,
        max_value=365,
        required=False,
        help_text=_("Counted from today, without weekends and public holidays (Tết included)."),
    )
    due_on = date_field(_("or a due date"), required=False)
    evidence_expected = forms.CharField(
        label=_("Evidence expected"), max_length=300, required=False, help_text=_("e.g. a photo of the posted list")
    )

    def __init__(self, *args, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = (
            services.responsible_agencies(inspection).select_related("unit").order_by("unit__path", "name")
        )
        if inspection.inspected_agency_id:
            self.fields["agency"].initial = inspection.inspected_agency_id


class ReportForm(StyledForm):
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea)
    files = MultipleFileField(
        label=_("Evidence files"), required=False, help_text=_("Photos, PDF or Office files, up to 20 MB each.")
    )


class VerifyForm(StyledForm):
    verdict = forms.ChoiceField(
        label=_("Verdict"),
        choices=[
            ("accept", _("Accepted: the remedy is done")),
            ("reject", _("Not accepted: reopen with a new deadline")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason (when not accepted)"), required=False, widget=forms.Textarea)
    deadline_days = forms.IntegerField(
        label=_("New deadline in working days"), min_value=1, max_value=365, required=False
    )
    due_on = date_field(_("or a new due date"), required=False)


class AnswerForm(StyledForm):
    answer = forms.ChoiceField(label=_("Answer"), choices=Remedy.Answer.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("The committee's answer"), widget=forms.Textarea)


class ConclusionForm(StyledForm):
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 8}))
    signer_name = forms.CharField(label=_("Signed by"), max_length=150, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=150, required=False, initial="Chủ tịch")


class ApproveForm(StyledForm):
    number = forms.CharField(label=_("Conclusion number"), max_length=60, help_text=_("e.g. 25/KL-UBND"))
    concluded_on = date_field(_("Conclusion date"), initial=timezone.localdate)


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea)


class CloseForm(StyledForm):
    note = forms.CharField(
        label=_("Note on closing"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Required when remedies are not yet resolved: say why the inspection is closed anyway."),
    )
