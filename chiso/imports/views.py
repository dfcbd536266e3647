"""Upload a plan document → preview of what was understood → correct → confirm (creates the draft plan)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.core.permissions import declare, policy
from chiso.core.services import ConflictError
from chiso.core.views import permitted_object
from chiso.lib import tree, uploads
from chiso.lib.htmx import is_partial
from chiso.plans import services as plans
from chiso.plans.extensions import plan_tab_frame
from chiso.plans.models import Plan
from chiso.reporting.models import Cadence, Window
from chiso.units import pickers
from chiso.units.matching import UNMATCHED, AgencyMatcher
from chiso.units.models import AdministrativeUnit

from . import drafting, ocr, recognition, services
from .models import CADENCES, PlanImport


def import_units(user):
    """The units whose plans ``user`` may import (the service refuses the others)."""
    return AdministrativeUnit.objects.exclude(level="village").filter(policy.units_where(user, "add", PlanImport))


pickers.register("import-unit", AdministrativeUnit, import_units)


class UploadForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"),
        queryset=AdministrativeUnit.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file = forms.FileField(
        label=gettext_lazy("Plan document (.docx, .pdf, .txt, .md, .xlsx, or a photo)"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".docx,.pdf,.txt,.md,.xlsx,.htm,.html,.jpg,.jpeg,.png,.tif,.tiff"}
        ),
    )

    def __init__(self, *args, user=None, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = import_units(user)
        current = getattr(membership, "current", None) if membership is not None else None
        if current is not None:
            self.initial.setdefault("unit", current.agency.unit_id)
        # A search picker, not a select of every unit of the country (14,154 options: issue 14).
        pickers.use_picker(self, "unit", "import-unit", user=user, queryset=units)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.check_upload(upload, "plan_import")
        return upload


CLASH_CHOICES = [
    ("", gettext_lazy("Keep the number (change it above)")),
    ("without_number", gettext_lazy("Import as a new draft without a number")),
    ("replace", gettext_lazy("Replace the existing draft with this document")),
]


class PreviewForm(forms.Form):
    """The plan's header as the reader understood it, for the coordinator to correct before confirming."""

    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=AdministrativeUnit.objects.none())
    code = forms.CharField(label=gettext_lazy("Number"), max_length=60, required=False)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    issued_on = forms.DateField(label=gettext_lazy("Issue date"), required=False, input_formats=["%d/%m/%Y"])
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2009, max_value=2100)
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Upper-level plan"), queryset=Plan.objects.none(), required=False,
        empty_label=gettext_lazy("— none —"),
    )  # fmt: skip
    signer_title = forms.CharField(label=gettext_lazy("Signer's title"), max_length=150, required=False)
    signer_name = forms.CharField(label=gettext_lazy("Signed by"), max_length=150, required=False)
    clash = forms.ChoiceField(label=gettext_lazy("If the number is taken"), choices=CLASH_CHOICES, required=False)

    def __init__(self, *args, record, user, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        pickers.use_picker(self, "unit", "import-unit", user=user, queryset=import_units(user))
        self.fields["parent"].queryset = plans.parent_plans(user, record.unit).select_related("unit")
        self.fields["parent"].label_from_instance = lambda p: f"{p.code or '—'} · {p.unit.name} · {p.title[:90]}"
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        fields = services.plan_fields(record)
        parent = drafting.find_parent(record.result, self.fields["parent"].queryset)
        self.initial.update(
            unit=record.unit.pk,
            code=fields["code"],
            title=fields["title"],
            issued_on=fields["issued_on"].strftime("%d/%m/%Y") if fields["issued_on"] else "",
            year=fields["year"],
            parent=parent.pk if parent else None,
            signer_title=fields["signer_title"],
            signer_name=fields["signer_name"],
        )
        self.fields["issued_on"].widget.attrs["placeholder"] = "dd/mm/yyyy"


class ScheduleRowForm(forms.Form):
    """One reporting schedule the preview proposes (from a duty of the document, or added): its title, how often
    (a half-yearly one keeping the last six months too when the document asks), the data cut-off, the days allowed
    after it. The blank row left for adding one is skipped while untouched."""

    source = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    cadence = forms.ChoiceField(label=gettext_lazy("Frequency"), initial="")
    window = forms.ChoiceField(label=gettext_lazy("Data cut-off"), choices=Window.choices, initial=Window.CALENDAR)
    due_days = forms.IntegerField(
        label=gettext_lazy("Due (days after the cut-off)"), min_value=0, max_value=90, initial=5,
        error_messages={
            "min_value": gettext_lazy("From 0 to 90 days after the cut-off."),
            "max_value": gettext_lazy("From 0 to 90 days after the cut-off."),
            "invalid": gettext_lazy("Enter a number of days."),
        },
    )  # fmt: skip
    second_half = forms.BooleanField(label=gettext_lazy("also the last six months"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadence"].choices = [("", gettext_lazy("— choose —")), *services.schedule_cadences()]
        for field in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-check-input"
                if isinstance(field.widget, forms.CheckboxInput)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)
        self.fields["cadence"].widget.attrs["style"] = "min-width: 9em"
        self.fields["window"].widget.attrs["style"] = "min-width: 16em"
        self.fields["due_days"].widget.attrs["style"] = "max-width: 6em"
        # Beside a half-yearly cadence only (static/js/chiso.js); the service ignores it for the others.
        self.fields["second_half"].widget.attrs["data-shown-for"] = (
            f"{self.add_prefix('cadence')}={Cadence.HALF_YEARLY}"
        )


ScheduleRows = forms.formset_factory(ScheduleRowForm, extra=1, can_delete=True)


def _schedule_rows(request, record):
    """The preview's reporting schedules: as read, or as posted (a post without them keeps what was read)."""
    initial = services.proposed_schedules(record.result)
    if request.method == "POST" and "schedule-TOTAL_FORMS" in request.POST:
        return ScheduleRows(request.POST, initial=initial, prefix="schedule")
    return ScheduleRows(initial=initial, prefix="schedule")


def _schedule_edits(rows) -> list[dict]:
    """The rows kept: not dropped, and not the blank row left untouched (whose ``cleaned_data`` is empty)."""
    return [form.cleaned_data for form in rows.forms if form.cleaned_data and form not in rows.deleted_forms]


HEADER_EDITS = ("unit", "code", "title", "issued_on", "year", "parent", "clash", "signer_title", "signer_name")


def _task_edits(request, rows, unit) -> dict:
    """The preview's choices for each proposed measure: kept or not, its lead, its timeframe."""
    offered = {str(a.pk): a for a in AgencyMatcher(unit).agencies} if rows else {}
    edits = {}
    for index, _row in enumerate(rows):
        edit = {"keep": request.POST.get(f"keep_{index}") == "on", "timeframe": request.POST.get(f"tf_{index}")}
        lead = request.POST.get(f"lead_{index}", "auto")
        if lead != "auto":
            edit["lead"] = [offered[lead]] if lead in offered else []
        edits[index] = edit
    return edits


@declare("add", PlanImport)
def import_upload(request):
    form = UploadForm(
        request.POST or None, request.FILES or None, user=request.user, membership=getattr(request, "membership", None)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                record = services.start_import(
                    unit=form.cleaned_data["unit"], actor=request.user, name=upload.name, data=upload.read()
                )
            except PermissionDenied:
                form.add_error("unit", _("You may not draft plans for this unit."))
            except ValidationError as exc:
                form.add_error("file", " ".join(exc.messages))
            else:
                return HttpResponseRedirect(record.get_absolute_url())
    context = {"form": form, "ocr_ready": not ocr.unavailable()}
    return render(request, "imports/upload.html", context, status=status)


def _record_for(request, pk, action):
    return permitted_object(request, PlanImport, action, pk, PlanImport.objects.select_related("unit"))


def _reading(request, record):
    """A scan whose text is being recognised: its progress (polled by htmx; a link without JavaScript), or why it
    could not be read. Once read, an htmx poll reloads the page, which is then the preview."""
    if record.status == PlanImport.Status.PREVIEW:
        return HttpResponse(headers={"HX-Refresh": "true"})
    percent = round(100 * record.pages_done / record.pages_total) if record.pages_total else 0
    context = {"record": record, "percent": percent, "stalled": recognition.stalled(record)}
    return render(request, "imports/reading.html", context, status=409 if request.method == "POST" else 200)


@declare("change", PlanImport)
def import_preview(request, pk):
    record = _record_for(request, pk, "change")
    if record.status in (PlanImport.Status.READING, PlanImport.Status.REFUSED) or (
        is_partial(request) and request.method == "GET"
    ):
        return _reading(request, record)
    matches = services.match_names(record)
    names = list(matches)
    kind, rows = drafting.proposed_tasks(record.result)
    membership = getattr(request, "membership", None)
    form = PreviewForm(None, record=record, user=request.user, membership=membership)
    if request.method == "POST":
        # A field the page did not send (a script posting only its choices) keeps what the reader understood.
        data = request.POST.copy()
        for name, value in form.initial.items():
            if name not in data and value is not None:
                data[name] = value
        form = PreviewForm(data, record=record, user=request.user, membership=membership)
    schedule_rows = _schedule_rows(request, record)
    choices, errors, status = {}, [], 200
    task_edits = _task_edits(request, rows, record.unit) if request.method == "POST" and kind == "measures" else None
    if request.method == "POST" and record.status != PlanImport.Status.PREVIEW:
        # A second writer confirming a page opened before the first confirmation.
        errors, status = [_("This import was already confirmed by someone else.")], 409
    elif request.method == "POST" and not (form.is_valid() & (not schedule_rows.is_bound or schedule_rows.is_valid())):
        errors, status = [_("Correct the fields marked below."), *schedule_rows.non_form_errors()], 400
    elif request.method == "POST":
        for index, name in enumerate(names):
            value = request.POST.get(f"agency_{index}", "")
            if value:
                choices[name] = value
        edits = {k: form.cleaned_data[k] for k in HEADER_EDITS}
        if schedule_rows.is_bound:
            edits["schedules"] = _schedule_edits(schedule_rows)
        if task_edits is not None:
            edits["tasks"] = task_edits
        try:
            plan = services.confirm_import(
                record, actor=request.user, choices=choices, loaded_version=request.POST.get("version"), edits=edits
            )
        except PermissionDenied:
            errors, status = [_("You may not draft plans for this unit, or name one of the chosen records.")], 403
        except (ValidationError, ConflictError) as exc:
            errors = exc.messages
            status = 409 if isinstance(exc, ConflictError) else 400
        else:
            messages.success(
                request,
                _("Created the draft plan with %(n)s tasks.")
                % {"n": plan.tasks.filter(subtasks__isnull=True).distinct().count()},
            )
            return HttpResponseRedirect(plan.get_absolute_url())
    all_agencies = sorted(AgencyMatcher(record.unit).agencies, key=lambda a: (a.unit.path, a.name))
    problems = [
        {"index": i, "name": n, "match": matches[n], "chosen": choices.get(n, "")}
        for i, n in enumerate(names)
        if matches[n].status == UNMATCHED
    ]
    header = services.plan_fields(record)
    clash = services.number_clash(header["unit"], header["code"], header["year"])
    if form.is_bound and form.is_valid():
        clash = services.number_clash(form.cleaned_data["unit"], form.cleaned_data["code"], form.cleaned_data["year"])
    may_lead = [a for a in all_agencies if tree.is_within(a.unit.path, record.unit.path)]
    proposed = []
    if kind == "measures":
        for index, (row, found) in enumerate(zip(rows, services.measure_matches(record), strict=True)):
            edit = (task_edits or {}).get(index, {})
            proposed.append(
                {
                    "index": index, "row": row, "found": found,
                    "keep": edit.get("keep", True) if task_edits is not None else True,
                    "lead": request.POST.get(f"lead_{index}", "auto"),
                    "timeframe": edit.get("timeframe") if edit.get("timeframe") is not None
                    else (row["timeframe"] or {}).get("text") or "",
                }
            )  # fmt: skip
    context = {
        "record": record,
        "result": record.result,
        "matches": matches,
        "problems": problems,
        "agencies": all_agencies,
        "may_lead": may_lead,
        "errors": errors,
        "cadences": dict(CADENCES),
        "form": form,
        "schedule_rows": schedule_rows,
        "duties": record.result.get("reporting", []),
        "clash": clash,
        "clash_may_replace": clash is not None and clash.status == Plan.Status.DRAFT
        and policy.can(request.user, "delete", clash),
        "kind": kind,
        "proposed": proposed,
        "kept": sum(1 for p in proposed if p["keep"]),
        "targets": [
            {"text": t["text"], "meaning": TARGET_WORDS.get(t["kind"], "%(value)s") % {"value": t["value"]}}
            for t in record.result.get("plan", {}).get("targets", [])
        ],
    }  # fmt: skip
    return render(request, "imports/preview.html", context, status=status)


# How a target is said (the reader's kinds → words for the preview).
TARGET_WORDS = {
    "top_n": gettext_lazy("among the top %(value)s"),
    "score_band": gettext_lazy("a score band: %(value)s"),
    "score": gettext_lazy("a score of %(value)s"),
}


@declare("view", PlanImport)
def import_file(request, pk):
    record = _record_for(request, pk, "view")
    return FileResponse(record.file.open("rb"), as_attachment=True, filename=record.name)


@declare("view", Plan)
def plan_text(request, pk):
    """The plan's own text (purposes, content, organisation), structured by its headings, beside its tasks."""
    plan = get_object_or_404(policy.scope(request.user, "view", Plan.objects.select_related("unit")), pk=pk)
    editable = plan.is_editable and policy.can(request.user, "change", plan)
    context = {
        **plan_tab_frame(plan, "text"),
        "parts": drafting.outline(plan),
        "edit_url": reverse("plans:plan_edit", args=[plan.pk]) if editable else None,
    }
    return render(request, "imports/plan_text.html", context)
