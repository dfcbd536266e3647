"""Plan and task forms: shape validation only; state changes go through plans.services."""

import datetime as dt
import re

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chiso.core.forms import ChisoForm, ChisoModelForm, date_field, style
from chiso.core.permissions import policy
from chiso.indices.models import Dimension, Indicator, SubDimension
from chiso.lib import tree
from chiso.units import pickers
from chiso.units.models import AdministrativeUnit, Agency

from .decree30 import basis_text
from .models import Plan, ProgressUpdate, Task, TaskAgency
from .pilots import pilot_choices, pilot_label
from .services import coordinating_agencies, lead_agencies, task_groups
from .timeframes import Kind, parse_timeframe


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class BasisField(forms.CharField):
    """Basis documents, one per line: "Kế hoạch 03/KH-UBND ngày 03/01/2025 của UBND thị xã"."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            # as the plan page and the .docx cite them, dates as dd/mm/yyyy; a document kept as typed stays so
            return "\n".join(basis_text(doc) for doc in value)
        return value

    def to_python(self, value):

        text = super().to_python(value) or ""
        docs = []
        for line in filter(None, (line.strip() for line in text.splitlines())):
            match = re.match(
                r"(?P<kind>[^\d]*?)\s*(?P<code>\d[\w./-]*)?\s*(?:ngày\s+(?P<date>\d{1,2}/\d{1,2}/\d{4}))?"
                r"\s*(?:của\s+(?P<issuer>.+))?$",
                line,
            )
            doc = {"kind": line, "code": None, "issued_on": None, "issuer": None, "text": line}
            if match:
                doc["kind"] = (match.group("kind") or "").strip(" ,;") or line
                doc["code"] = match.group("code")
                if match.group("date"):
                    try:
                        doc["issued_on"] = dt.datetime.strptime(match.group("date"), "%d/%m/%Y").date().isoformat()
                    except ValueError as exc:
                        raise forms.ValidationError(_("Invalid date in “%(line)s”.") % {"line": line}) from exc
                doc["issuer"] = (match.group("issuer") or "").strip(" ;.") or None
            docs.append(doc)
        return docs


def plan_units(user):
    """The units whose plans ``user`` may draft: where they coordinate (administrators: all but villages)."""
    units = AdministrativeUnit.objects.all()
    if not policy.is_admin(user):
        units = units.filter(tree.subtree_q(policy.unit_paths(user, {"coordinator"})))
    return units.exclude(level="village")


def plan_units_offered(user):
    """What the unit picker offers for a new plan: those of :func:`plan_units` still in office today (current units
    first). A legacy unit typed in full is still read, and the service says whether its plan's year allows it
    (2025 and earlier: history) and which units took over."""
    return plan_units(user).valid_on(timezone.localdate())


def plan_issuer_choices(user):
    """The committees that may issue those plans (the service checks it is the plan's own unit's)."""
    return Agency.objects.filter(kind="committee").filter(unit__in=plan_units(user))


pickers.register("plan-unit", AdministrativeUnit, plan_units_offered)
pickers.register("plan-issuer", Agency, plan_issuer_choices)


class PlanForm(ChisoModelForm):
    basis = BasisField(
        label=_("Basis documents"),
        required=False,
        help_text=_("One per line, e.g. “Kế hoạch 03/KH-UBND ngày 03/01/2025 của UBND thị xã Mỹ Hào”."),
    )
    targets_text = forms.CharField(
        label=_("Targets"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, e.g. “Chỉ số PAPI năm 2025 nằm trong nhóm 50 xã, phường của tỉnh”."),
    )

    class Meta:
        model = Plan
        fields = [
            "unit",
            "issuer",
            "parent",
            "year",
            "title",
            "code",
            "place",
            "issued_on",
            "basis",
            "purposes",
            "body",
            "implementation",
            "child_deadline_days",
            "backdate_limit_days",
            "pilot_units",
            "signer_name",
            "signer_title",
            "recipients",
        ]
        widgets = {
            "purposes": forms.Textarea(attrs={"rows": 4}),
            "body": forms.Textarea(attrs={"rows": 6}),
            "implementation": forms.Textarea(attrs={"rows": 4}),
            "recipients": forms.Textarea(attrs={"rows": 3}),
        }

    takes_user = True

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

        unit_field = pickers.use_picker(self, "unit", "plan-unit", user=user, queryset=plan_units(user))
        offered = plan_units_offered(user)
        if self.instance.unit_id:
            offered = offered | plan_units(user).filter(pk=self.instance.unit_id)
        unit_field.widget.queryset = offered
        pickers.use_picker(self, "issuer", "plan-issuer", user=user, queryset=plan_issuer_choices(user))
        self.fields["parent"].queryset = policy.scope(user, "view", Plan.objects.issued())
        old = self.fields["pilot_units"]
        self.fields["pilot_units"] = pickers.UnitMultiPickerField(
            pilot_choices(self.instance.unit if self.instance.unit_id else None, user),
            required=False,
            label=old.label,
            help_text=_(
                "Hamlets, villages or residential groups (ấp, khóm, thôn, tổ dân phố) below the plan's unit where the "
                "plan is piloted; a new plan offers the villages of your units, the saved plan those of its unit."
            ),
        )
        self.fields["code"].required = False
        self.fields["backdate_limit_days"].required = False  # left empty: the model's default (5)
        if self.instance.pk:
            self.fields["targets_text"].initial = "\n".join(self.instance.targets.values_list("text", flat=True))
        style(self)

    def clean(self):
        cleaned = super().clean()
        unit, issuer, parent = cleaned.get("unit"), cleaned.get("issuer"), cleaned.get("parent")
        if unit and issuer and issuer.unit_id != unit.pk:
            self.add_error("issuer", _("The issuing committee must be that of the plan's unit."))
        if unit and parent and not parent.unit.is_ancestor_of(unit):
            self.add_error("parent", _("The upper-level plan must belong to a unit above this one."))
        if unit and parent and parent.unit_id == unit.pk:
            self.add_error("parent", _("The upper-level plan must belong to a unit above this one."))
        if cleaned.get("backdate_limit_days") is None:
            cleaned["backdate_limit_days"] = (
                self.instance.backdate_limit_days or Plan._meta.get_field("backdate_limit_days").default
            )
        pilots = cleaned.get("pilot_units") or []
        wrong = [p for p in pilots if unit and not (unit.is_ancestor_of(p) and p.pk != unit.pk)]
        if wrong:
            self.add_error(
                "pilot_units",
                _("Not below %(unit)s: %(names)s.") % {"unit": unit.name, "names": ", ".join(p.name for p in wrong)},
            )
        return cleaned


class TaskForm(ChisoModelForm):
    lead = pickers.AgencyMultiPickerField(label=_("Lead agencies"), queryset=Agency.objects.none(), required=False)
    coordinating = pickers.AgencyMultiPickerField(
        label=_("Coordinating agencies"), queryset=Agency.objects.none(), required=False
    )
    is_heading = forms.BooleanField(
        label=_("Group heading only"),
        required=False,
        help_text=_("A row that only groups the activities under it (no lead agency of its own)."),
    )
    timeframe = forms.CharField(
        label=_("Timeframe"),
        max_length=200,
        required=False,
        help_text=_(
            "As plans write it: “Thường xuyên”, “Năm 2025”, “Quý II/2025”, “Tháng 7/2025”, "
            "“Trước ngày 29/6/2025”, “Từ 01/3/2025 đến 30/6/2025”, “Theo Kế hoạch riêng”."
        ),
    )

    class Meta:
        model = Task
        fields = [
            "group",
            "number",
            "title",
            "activity",
            "output",
            "weight",
            "dimensions",
            "subdimensions",
            "indicators",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "activity": forms.Textarea(attrs={"rows": 3}),
            "output": forms.Textarea(attrs={"rows": 2}),
            "dimensions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)

        self.plan = plan or self.instance.plan
        self.fields["lead"].queryset = lead_agencies(self.plan)
        self.fields["coordinating"].queryset = coordinating_agencies(self.plan)
        communes = list(self.fields["lead"].queryset.commune_committees(self.plan.unit))
        for name in ("lead", "coordinating"):
            self.fields[name].set_communes(communes)
        self.fields["group"].queryset = task_groups(self.plan, self.instance)
        self.fields["group"].required = False
        self.fields["dimensions"].queryset = Dimension.objects.filter(index__code="PAPI").order_by("order")
        self.fields["subdimensions"].queryset = SubDimension.objects.select_related("dimension").filter(
            Q(until__isnull=True) | Q(until__gte=self.plan.year)
        )
        self.fields["indicators"].queryset = Indicator.objects.select_related("dimension")
        self.fields["subdimensions"].required = self.fields["indicators"].required = False
        pilots = self.plan.pilot_units.select_related("parent")
        if pilots:
            self.fields["pilot_units"] = forms.ModelMultipleChoiceField(
                pilots,
                required=False,
                label=_("Pilot localities"),
                widget=forms.CheckboxSelectMultiple,
                help_text=_("The plan's pilot localities where this task is carried out."),
                initial=list(self.instance.pilot_units.values_list("pk", flat=True)) if self.instance.pk else None,
            )
            self.fields["pilot_units"].label_from_instance = pilot_label
        self.fields["activity"].required = False
        if self.instance.pk:
            links = list(self.instance.agency_links.all())
            for name, role in (("lead", TaskAgency.Role.LEAD), ("coordinating", TaskAgency.Role.COORDINATING)):
                self.fields[name].initial = self.fields[name].prepare_initial(
                    [link.agency_id for link in links if link.role == role]
                )
            self.fields["timeframe"].initial = self.instance.timeframe_text
            self.fields["is_heading"].initial = self.instance.subtasks.exists() or not links
        style(self)

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("timeframe") or ""
        timeframe = parse_timeframe(text)
        if text and timeframe is None:
            self.add_error("timeframe", _("This timeframe is not understood. Write it as in the examples below."))
        elif timeframe is not None and timeframe.start and timeframe.end and timeframe.end < timeframe.start:
            self.add_error("timeframe", _("The end date is before the start date."))
        elif timeframe is not None:
            self.instance.timeframe_kind = timeframe.kind
            self.instance.timeframe_text = text
            self.instance.start_on, self.instance.due_on = timeframe.start, timeframe.end
        lead, coordinating = cleaned.get("lead") or [], cleaned.get("coordinating") or []
        both = set(lead) & set(coordinating)
        if both:
            self.add_error(
                "coordinating",
                _("An agency cannot both lead and coordinate: %(names)s") % {"names": ", ".join(a.name for a in both)},
            )
        heading = cleaned.get("is_heading")
        if heading and cleaned.get("group"):
            self.add_error("is_heading", _("A group heading cannot itself be under another group."))
        if not heading and not lead:
            self.add_error("lead", _("Choose at least one lead agency."))
        if not heading and not text:
            self.add_error("timeframe", _("Give the timeframe."))
        dims = set(cleaned.get("dimensions") or [])
        for sub in cleaned.get("subdimensions") or []:
            dims.add(sub.dimension)
        for indicator in cleaned.get("indicators") or []:
            dims.add(indicator.dimension)
        cleaned["dimensions"] = list(dims)
        return cleaned


class IssueForm(ChisoForm):
    code = forms.CharField(
        label=_("Number"),
        max_length=60,
        help_text=_("e.g. 15/KH-UBND"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    issued_on = date_field(_("Issue date"))


class ReasonForm(ChisoForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))


class CopyForm(ChisoForm):
    year = forms.IntegerField(
        label=_("Year of the new plan"),
        min_value=2009,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


def progress_of(data) -> dict:
    """What ``services.record_progress`` takes from a progress report, read alike from the page's form and from the
    API's input."""
    return {
        "reported_on": data["reported_on"],
        "description": data["description"],
        "status": data["status"],
        "percent": data.get("percent"),
        "justification": data.get("justification", ""),
        "files": data.get("files") or [],
    }


class ProgressForm(ChisoForm):
    reported_on = date_field(_("Date"), initial=timezone.localdate)
    status = forms.ChoiceField(
        label=_("Status"), choices=ProgressUpdate.Status.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    percent = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    justification = forms.CharField(
        label=_("Why this percentage (one line)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    description = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"})
    )
    files = MultipleFileField(
        label=_("Evidence files"), required=False, help_text=_("PDF, images or Office files, up to 20 MB each.")
    )

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        if task is not None:
            self.fields["reported_on"].help_text = _(
                "An earlier date is kept beside the day it is recorded; for lateness it counts at most %(n)s "
                "working days back (set on the plan)."
            ) % {"n": task.plan.backdate_limit_days}
        if task is not None and task.timeframe_kind == Kind.ONGOING:
            self.fields["status"].choices = [(ProgressUpdate.Status.IN_PROGRESS, _("Done in the period"))]
            del self.fields["percent"]
            del self.fields["justification"]
