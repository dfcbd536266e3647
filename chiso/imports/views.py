"""Upload a plan document → preview of what was understood → correct → confirm (creates the draft plan)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.core.permissions import declare, policy
from chiso.core.services import ConflictError
from chiso.lib import uploads
from chiso.units import pickers
from chiso.units.matching import UNMATCHED, AgencyMatcher
from chiso.units.models import AdministrativeUnit

from . import services
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
        label=gettext_lazy("Plan document (.docx, .txt, .md, .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".docx,.txt,.md,.xlsx,.htm,.html"}),
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
    choices, errors, status = {}, [], 200
    if request.method == "POST" and record.status != PlanImport.Status.PREVIEW:
        # A second writer confirming a page opened before the first confirmation.
        errors, status = [_("This import was already confirmed by someone else.")], 409
    elif request.method == "POST":
        for index, name in enumerate(names):
            value = request.POST.get(f"agency_{index}", "")
            if value:
                choices[name] = value
        try:
            plan = services.confirm_import(
                record, actor=request.user, choices=choices, loaded_version=request.POST.get("version")
            )
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
    context = {
        "record": record,
        "result": record.result,
        "matches": matches,
        "problems": problems,
        "agencies": all_agencies,
        "errors": errors,
        "cadences": dict(CADENCES),
    }
    return render(request, "imports/preview.html", context, status=status)


@declare("view", PlanImport)
def import_file(request, pk):
    record = _record_for(request, pk, "view")
    return FileResponse(record.file.open("rb"), as_attachment=True, filename=record.name)
