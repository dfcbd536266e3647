"""Plan documents: .xlsx task table, .docx in the official layout, PDF; importing a task table."""

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.core.permissions import declare

from . import exporters, importers
from .models import Plan
from .views import _checked_import, _plan_for


def _download(request, pk, kind):
    plan = _plan_for(request, pk, "view")
    try:
        content, content_type = exporters.plan_document(plan, kind)
    except exporters.PdfUnavailable:
        return render(request, "plans/pdf_unavailable.html", {"plan": plan}, status=503)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = exporters.download_name(plan, kind)
    return response


@declare("view", Plan)
def plan_export_xlsx(request, pk):
    return _download(request, pk, "xlsx")


@declare("view", Plan)
def plan_export_docx(request, pk):
    return _download(request, pk, "docx")


@declare("view", Plan)
def plan_export_pdf(request, pk):
    return _download(request, pk, "pdf")


class TaskTableForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Task table (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )


@declare("change", Plan)
def plan_import_tasks(request, pk):
    """Upload → a row-by-row report; "Import" saves every task or, if any row is wrong, none."""
    plan = _plan_for(request, pk, "change")
    form = TaskTableForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        report, done = _checked_import(
            request,
            lambda dry_run: importers.import_task_table(plan, file, actor=request.user, dry_run=dry_run),
            success=_("Imported %(n)s tasks."),
            done_url=plan.get_absolute_url(),
        )
        if done:
            return done
        status = 200 if report.ok else 400
    elif request.method == "POST":
        status = 400
    return render(
        request, "plans/plan_import_tasks.html", {"plan": plan, "form": form, "report": report}, status=status
    )
