from django import forms
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chiso.core.permissions import PUBLIC, Declaration, policy
from chiso.core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    PublicPageView,
)
from chiso.lib.xlsx import workbook_bytes

from . import services
from .filtersets import IndicatorFilterSet
from .forms import IndicatorForm
from .models import Dimension, Index, Indicator


class FrameworkView(PublicPageView):
    """The PAPI framework as a tree: 8 dimensions → sub-dimensions (with the years scored) → indicators."""

    template_name = "indices/framework.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        index = Index.objects.filter(code="PAPI").first()
        dimensions = (
            Dimension.objects.filter(index=index).prefetch_related("subdimensions__indicators", "indicators")
            if index
            else Dimension.objects.none()
        )
        context.update(index=index, dimensions=dimensions)
        return context


def english_labels(model) -> list[str]:
    """The labels of the fields shown in English on purpose (the English name, the notes on the sources, which
    cite English-language reports), so the page marks them ``lang="en"``."""
    return [str(model._meta.get_field(name).verbose_name) for name in ("name_en", "note") if _has(model, name)]


def _has(model, name) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


class DimensionDetailView(ObjectDetailView):
    model = Dimension
    fields = ["code", "name_vi", "name_en", "since", "until"]

    @classmethod
    def chiso_policy(cls):
        return Declaration(kind=PUBLIC)

    def extra_context(self, request):
        return {
            "subdimensions": self.object.subdimensions.prefetch_related("indicators"),
            "english_labels": english_labels(Dimension),
        }


class DimensionHistoryView(ObjectHistoryView):
    model = Dimension


class IndicatorListView(ObjectListView):
    model = Indicator
    filterset_class = IndicatorFilterSet
    select_related = ("dimension", "subdimension")
    columns = [
        ("code", _("Code")),
        ("name", _("Name")),
        ("dimension.code", _("Dimension")),
        ("subdimension.code", _("Sub-dimension")),
        ("official_wording", _("Official wording")),
    ]

    def extra_context(self, request):

        if policy.can(request.user, "add", Indicator):
            return {"extra_links": [{"url": reverse("indices:indicator_import"), "label": _("Import from Excel")}]}
        return {}


class IndicatorDetailView(ObjectDetailView):
    model = Indicator
    fields = ["code", "name_vi", "name_en", "dimension", "subdimension", "official_wording", "note", "sources"]

    def extra_context(self, request):
        return {"english_labels": english_labels(Indicator)}


class IndicatorHistoryView(ObjectHistoryView):
    model = Indicator


class IndicatorCreateView(ObjectCreateView):
    model = Indicator
    form_class = IndicatorForm


class IndicatorEditView(ObjectEditView):
    model = Indicator
    form_class = IndicatorForm


class IndicatorDeleteView(ObjectDeleteView):
    model = Indicator


class IndicatorImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )


class IndicatorImportView(ObjectCreateView):
    """Upload an .xlsx → preview with every row's errors → confirm. Nothing is saved until all rows are right."""

    model = Indicator
    template_name = "indices/indicator_import.html"

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, {"form": IndicatorImportForm()})

    def post(self, request, *args, **kwargs):

        form = IndicatorImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        confirm = bool(request.POST.get("confirm"))
        result = services.import_indicators(form.cleaned_data["file"], actor=request.user, dry_run=not confirm)
        if confirm and result.ok:
            messages.success(
                request, _("Imported: %(c)s new, %(u)s updated.") % {"c": result.created, "u": result.updated}
            )
            return HttpResponseRedirect(reverse("indices:indicator_list"))
        return render(
            request,
            self.template_name,
            {"form": IndicatorImportForm(), "result": result},
            status=200 if result.ok else 400,
        )


class IndicatorImportTemplateView(ObjectCreateView):
    model = Indicator

    def get(self, request, *args, **kwargs):

        response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = 'attachment; filename="chi-tieu-papi-mau.xlsx"'
        response.write(workbook_bytes(services.indicator_template()))
        return response
