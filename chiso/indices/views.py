from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from chiso.core.permissions import AUTHENTICATED, PUBLIC, Declaration
from chiso.core.views import ObjectDetailView, ObjectListView, PublicPageView
from chiso.lib.xlsx import workbook_bytes

from . import services
from .filtersets import IndicatorFilterSet
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

        if services.may_load_indicators(request.user):
            return {"extra_links": [{"url": reverse("indices:indicator_import"), "label": _("Import from Excel")}]}
        return {}


class IndicatorDetailView(ObjectDetailView):
    model = Indicator
    fields = ["code", "name_vi", "name_en", "dimension", "subdimension", "official_wording", "note", "sources"]

    def extra_context(self, request):
        return {"english_labels": english_labels(Indicator)}


class IndicatorImportForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year of the PAPI report"),
        min_value=2009,
        max_value=2100,
        help_text=_("The rows are checked against that year's dimensions and sub-dimensions."),
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )


class _LoadIndicators(View):
    """Administrators and provincial coordinators (``services.may_load_indicators``)."""

    @classmethod
    def chiso_policy(cls):
        return Declaration(kind=AUTHENTICATED)

    def dispatch(self, request, *args, **kwargs):
        if not services.may_load_indicators(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class IndicatorImportView(_LoadIndicators):
    """Upload an .xlsx → preview with every row's errors → confirm. Nothing is saved until all rows are right."""

    template_name = "indices/indicator_import.html"

    def get(self, request, *args, **kwargs):
        year = timezone.localdate().year - 1  # the report published this spring is of last year
        return render(request, self.template_name, {"form": IndicatorImportForm(initial={"year": year})})

    def post(self, request, *args, **kwargs):
        form = IndicatorImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        confirm = bool(request.POST.get("confirm"))
        result = services.import_indicators(
            form.cleaned_data["file"], actor=request.user, year=form.cleaned_data["year"], dry_run=not confirm
        )
        if confirm and result.ok:
            messages.success(
                request, _("Imported: %(c)s new, %(u)s updated.") % {"c": result.created, "u": result.updated}
            )
            return HttpResponseRedirect(reverse("indices:indicator_list"))
        return render(
            request,
            self.template_name,
            {"form": IndicatorImportForm(initial={"year": form.cleaned_data["year"]}), "result": result},
            status=200 if result.ok else 400,
        )


class IndicatorImportTemplateView(_LoadIndicators):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = 'attachment; filename="chi-tieu-papi-mau.xlsx"'
        response.write(workbook_bytes(services.indicator_template()))
        return response
