"""The plan's indicator responsibilities: the table, its .xlsx export and its .xlsx import (check, then save all)."""

from django import forms
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.core.permissions import declare, policy
from chiso.lib.xlsx import workbook_bytes

from . import responsibilities
from .extensions import plan_tab_frame
from .models import Plan
from .views import _checked_import, _plan_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ResponsibilityImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Assignment table (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )


def _page(request, plan, *, form=None, result=None, status=200):
    can_import = plan.is_editable and policy.can(request.user, "change", plan)
    return render(
        request,
        "plans/plan_responsibilities.html",
        {
            **plan_tab_frame(plan, "responsibilities"),
            "rows": responsibilities.responsibility_rows(plan),
            "missing": responsibilities.without_agency(plan),
            "form": (form or ResponsibilityImportForm()) if can_import else None,
            "result": result,
        },
        status=status,
    )


@declare("view", Plan)
def plan_responsibilities(request, pk):
    return _page(request, _plan_for(request, pk, "view"))


@declare("change", Plan)
def plan_responsibilities_import(request, pk):
    """Upload → every row checked (errors in Vietnamese with English) → "Import" replaces the table, or nothing."""
    plan = _plan_for(request, pk, "change")
    if request.method != "POST":
        return HttpResponseRedirect(reverse("plans:plan_responsibilities", args=[plan.pk]))
    form = ResponsibilityImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, plan, form=form, status=400)
    file = form.cleaned_data["file"]
    result, done = _checked_import(
        request,
        lambda dry_run: responsibilities.import_responsibilities(plan, file, actor=request.user, dry_run=dry_run),
        success=_("Imported %(n)s rows of the assignment table."),
        done_url=reverse("plans:plan_responsibilities", args=[plan.pk]),
    )
    return done or _page(request, plan, result=result, status=200 if result.ok else 400)


@declare("view", Plan)
def plan_responsibilities_xlsx(request, pk):
    plan = _plan_for(request, pk, "view")
    response = HttpResponse(workbook_bytes(responsibilities.responsibilities_workbook(plan)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="phan-cong-chi-tieu-{plan.pk}.xlsx"'
    return response
