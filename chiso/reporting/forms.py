"""Forms of reporting: the schedule (with its reminders), an ad-hoc request, review and approval steps."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chiso.core.forms import ChisoForm, ChisoModelForm, date_field
from chiso.lib.text import clean_text
from chiso.units import pickers

from .models import Cadence, Schedule
from .services import default_reporters, schedule_recipients, schedule_reporters


class MetricsField(forms.CharField):
    """One figure per line: "code: label" (e.g. "doi_thoai: Số cuộc đối thoại đã tổ chức")."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{m['code']}: {m.get('label', m['code'])}" for m in value)
        return value

    def to_python(self, value):
        metrics, seen = [], set()
        for number, raw in enumerate((value or "").splitlines(), start=1):
            line = clean_text(raw)
            if not line:
                continue
            code, _sep, label = line.partition(":")
            code = code.strip()
            if not re.fullmatch(r"[a-z0-9_]{1,40}", code):
                raise ValidationError(
                    _("Line %(n)s: the code must be lower-case letters, digits or “_” (e.g. doi_thoai).")
                    % {"n": number}
                )
            if code in seen:
                raise ValidationError(_("Line %(n)s: the code “%(code)s” is used twice.") % {"n": number, "code": code})
            seen.add(code)
            metrics.append({"code": code, "label": label.strip() or code})
        return metrics


class ScheduleForm(ChisoModelForm):
    metrics = MetricsField(
        label=_("Figures asked for"),
        required=False,
        help_text=_("One per line, as “code: label”, e.g. “doi_thoai: Số cuộc đối thoại đã tổ chức”."),
    )

    class Meta:
        model = Schedule
        fields = [
            "title",
            "cadence",
            "second_half",
            "window",
            "agency_due_days",
            "unit_due_days",
            "open_days_before",
            "recipient",
            "reporters",
            "metrics",
            "remind_days_before",
            "notify_overdue",
            "is_active",
        ]
        field_classes = {"reporters": pickers.AgencyMultiPickerField}

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)

        plan = plan or self.instance.plan
        # The standing body and the reporters are agencies of the plan's unit and of the units just below.
        self.fields["recipient"].queryset = schedule_recipients(plan)
        self.fields["reporters"].queryset = schedule_reporters(plan)
        reporters = self.fields["reporters"]
        reporters.set_communes(list(reporters.queryset.commune_committees(plan.unit)))
        if self.instance.pk and not self.is_bound:
            self.initial["reporters"] = self.fields["reporters"].prepare_initial(
                self.instance.reporters.values_list("pk", flat=True)
            )
        self.fields["reporters"].required = False
        # Shown beside a half-yearly cadence only (static/js/chiso.js hides it for the others).
        self.fields["second_half"].widget.attrs["data-shown-for"] = f"cadence={Cadence.HALF_YEARLY}"
        self._plan = plan
        self.fields["reporters"].help_text = _(
            "Leave empty for the default: the lead agencies of the plan's tasks and the committees of the units below."
        )

    def clean(self):
        cleaned = super().clean()
        # Only a half-yearly schedule has a last six months to keep; any other cadence leaves the box unticked.
        if cleaned.get("cadence") != Cadence.HALF_YEARLY:
            cleaned["second_half"] = False
        return cleaned

    def clean_reporters(self):

        chosen = self.cleaned_data.get("reporters")
        return chosen if chosen else default_reporters(self._plan)


class AdHocForm(ChisoForm):
    label = forms.CharField(label=_("Name of the report"), max_length=200, help_text=_("e.g. Báo cáo đột xuất về …"))
    note = forms.CharField(label=_("What is asked"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    cutoff_start = date_field(_("Data from"))
    cutoff_end = date_field(_("Data to"))
    due_on = date_field(_("Due date"))


class ReasonForm(ChisoForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(ChisoForm):
    code = forms.CharField(label=_("Number"), max_length=60, help_text=_("e.g. 125/BC-UBND"))
    report_date = date_field(_("Date"))


class ConsolidatedForm(ChisoForm):
    title = forms.CharField(label=_("Title"), max_length=500)
    summary = forms.CharField(label=_("General assessment"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    shortcomings = forms.CharField(
        label=_("Shortcomings and causes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    next_steps = forms.CharField(
        label=_("Tasks for the next period"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    proposals = forms.CharField(label=_("Proposals"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
