"""Upload a plan document → preview of what was understood → correct → confirm (creates the draft plan)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.core.permissions import declare, policy
from chiso.core.services import ConflictError
from chiso.lib import uploads
from chiso.plans import services as plans
from chiso.plans.extensions import plan_tabs
from chiso.plans.models import Plan
from chiso.units import pickers
from chiso.units.matching import UNMATCHED, AgencyMatcher
from chiso.units.models import AdministrativeUnit

from . import drafting, services
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
        label=gettext_lazy("Plan document (.docx, .pdf, .txt, .md, .xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".docx,.pdf,.txt,.md,.xlsx,.htm,.html"}
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
        )
        self.fields["issued_on"].widget.attrs["placeholder"] = "dd/mm/yyyy"


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
    return render(request, "imports/upload.html", {"form": form}, status=status)


def _record_for(request, pk, action):
    record = get_object_or_404(policy.scope(request.user, "view", PlanImport.objects.select_related("unit")), pk=pk)
    if not policy.can(request.user, action, record):
        raise PermissionDenied
    return record


@declare("change", PlanImport)
def import_preview(request, pk):
    record = _record_for(request, pk, "change")
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
    choices, errors, status = {}, [], 200
    task_edits = _task_edits(request, rows, record.unit) if request.method == "POST" and kind == "measures" else None
    if request.method == "POST" and record.status != PlanImport.Status.PREVIEW:
        # A second writer confirming a page opened before the first confirmation.
        errors, status = [_("This import was already confirmed by someone else.")], 409
    elif request.method == "POST" and not form.is_valid():
        errors, status = [_("Correct the fields marked below.")], 400
    elif request.method == "POST":
        for index, name in enumerate(names):
            value = request.POST.get(f"agency_{index}", "")
            if value:
                choices[name] = value
        edits = {k: form.cleaned_data[k] for k in ("unit", "code", "title", "issued_on", "year", "parent", "clash")}
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
    may_lead = [a for a in all_agencies if a.unit.path.startswith(record.unit.path)]
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
        "object": plan,
        "plan": plan,
        "parts": drafting.outline(plan),
        "edit_url": reverse("plans:plan_edit", args=[plan.pk]) if editable else None,
        "active_tab": "text",
        "extra_tabs": plan_tabs(plan),
        "history_url": reverse("plans:plan_history", args=[plan.pk]),
        "list_url": reverse("plans:plan_list"),
        "verbose_name_plural": Plan._meta.verbose_name_plural,
    }
    return render(request, "imports/plan_text.html", context)
