"""Results screens: public profile, trend, map, ranking and comparison of the 63 provinces; a plan's gap
analysis and target check for its officials; loading a new year for administrators. Thin views over
``analysis``, ``gaps`` and ``services``; every one declares its permission."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chiso.core.pagecache import public_page
from chiso.core.permissions import PUBLIC, declare, policy
from chiso.core.views import permitted_object
from chiso.indices.models import Index, Score, SubDimension
from chiso.lib import filetypes
from chiso.plans import extensions
from chiso.plans.models import Plan
from chiso.units.models import AdministrativeUnit

from . import analysis, charts, exporters, gaps, groups, groups_services, loaders, other_indices, services
from .models import PublishedGroups, ResultsRelease


def _year(request, years: list[int]) -> int | None:
    """The ``year`` asked for when PAPI published it, else the latest year."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year in years:
        return year
    return years[-1] if years else None


def _code(request) -> str:
    code = (request.GET.get("code") or analysis.TOTAL).strip().upper()
    return code if code == analysis.TOTAL or code.startswith("D") else analysis.TOTAL


def _province(code: str) -> AdministrativeUnit:
    unit = AdministrativeUnit.objects.legacy().provinces().filter(code=code).first()
    if unit is None:
        raise Http404
    return unit


def _choices(table: analysis.YearTable) -> list[tuple[str, str]]:
    nodes, order = analysis.framework_nodes()
    result = [(analysis.TOTAL, _("PAPI total"))]
    for code in order:
        if code in table.values:
            indent = "\u2003" if "." in code else ""
            result.append((code, f"{indent}{code}. {nodes[code].name}"))
    return result


# --- public pages -------------------------------------------------------------------------------------------
@declare(PUBLIC)
@public_page
def results_map(request):
    """The 63 provinces coloured by group for one score and year; the 34 current provinces as a table."""
    years = analysis.published_years()
    year = _year(request, years)
    code = _code(request)
    units = analysis.provinces(successors=True)
    table = analysis.year_table(year) if year else None
    if table is not None and code not in table.values:
        code = analysis.TOTAL
    rows = analysis.ranking(year, code, units=units, table=table) if year else []
    layout = analysis.tiles()
    taken: set = set()
    cells = {}
    for row in sorted(rows, key=lambda r: r["unit"].code):
        unit = row["unit"]
        cells[unit.code] = {**row, "label": charts.tile_label(unit.name, taken)}
    view = "tiles" if request.GET.get("view") == "tiles" else "map"

    def href(unit):
        return reverse("results:province_profile", args=[unit.code]) + f"?year={year}"

    if not rows:
        svg = ""
    elif view == "tiles":
        svg = charts.tile_map(layout, cells, href=href)
    else:
        svg = charts.boundary_map(analysis.shapes(), cells, href=href)
    # The 34 provinces of 1/7/2025, each with the old provinces it took over and their groups.
    by_successor: dict[int, dict] = {}
    for row in rows:
        successor = row["unit"].successor
        if successor is None:
            continue
        entry = by_successor.setdefault(successor.pk, {"unit": successor, "members": []})
        entry["members"].append(row)
    current = sorted(by_successor.values(), key=lambda e: e["unit"].code)
    return render(
        request,
        "results/results_map.html",
        {
            "years": years,
            "year": year,
            "code": code,
            "choices": _choices(table) if table else [],
            "svg": svg,
            "view": view,
            "current": current,
            "legend": [(g, charts.GROUP_COLOURS[g], name) for g, name in charts.group_names().items()],
            "scale": table.scale(code) if table else None,
            "basis": groups.basis_label(table.basis(code)) if table else "",
        },
    )


@declare(PUBLIC)
@public_page
def results_ranking(request):
    years = analysis.published_years()
    year = _year(request, years)
    code = _code(request)
    table = analysis.year_table(year) if year else None
    if table is not None and code not in table.values:
        code = analysis.TOTAL
    rows = analysis.ranking(year, code, table=table) if year else []
    return render(
        request,
        "results/results_ranking.html",
        {
            "years": years,
            "year": year,
            "code": code,
            "choices": _choices(table) if table else [],
            "rows": rows,
            "scale": table.scale(code) if table else None,
            "group_names": charts.group_names(),
            "colours": charts.GROUP_COLOURS,
            "basis": groups.basis_label(table.basis(code)) if table else "",
        },
    )


def profile_context(request, unit):
    years = analysis.published_years()
    year = _year(request, years)
    if year is None:
        raise Http404
    prof = analysis.profile(unit, year)
    dimensions = [{"line": d, "subs": prof.subdimensions(d.code)} for d in prof.dimensions]
    return {
        "unit": unit,
        "years": years,
        "year": year,
        "profile": prof,
        "dimensions": dimensions,
        "group_names": charts.group_names(),
        "colours": charts.GROUP_COLOURS,
        "text_colours": charts.GROUP_TEXT,
        "successor": next(iter(unit.successors.all()), None),
        "other_indices": other_indices.standings(unit, year),
        "region": analysis.region_name(analysis.tiles().get(unit.code, {}).get("region", "")),
    }


@declare(PUBLIC)
@public_page
def province_profile(request, code):
    """Total, dimensions and sub-dimensions of one year with rank, group, change and the national picture."""
    unit = _province(code)
    context = profile_context(request, unit)
    trend = {s.code: s for s in analysis.trend(unit, codes=[analysis.TOTAL], years=context["years"], national=True)}
    total = trend.get(analysis.TOTAL)
    context["total_chart"] = _chart(total) if total else None
    return render(request, "results/province_profile.html", context)


def _chart(series, **kwargs) -> dict:
    """A chart with its text alternative and the table of the data behind it."""
    return {
        "series": series,
        "svg": charts.line_chart(series, **kwargs),
        "rows": charts.chart_rows(series),
        "summary": charts.chart_summary(series),
    }


@declare(PUBLIC)
@public_page
def province_trend(request, code):
    """Every score of the province from 2011, one chart each; gaps left empty, the 2018 break kept."""
    unit = _province(code)
    series = analysis.trend(unit, national=True)
    total = next((s for s in series if s.code == analysis.TOTAL), None)
    dimensions = [s for s in series if s.code != analysis.TOTAL and "." not in s.code]
    by_dimension = {d.code: [s for s in series if s.code.startswith(d.code + ".")] for d in dimensions}
    charts_by_dim = []
    for dimension in dimensions:
        subs = by_dimension[dimension.code]
        shared = charts.fitted_ranges(subs)  # small multiples: the sub-dimensions on one fitted axis
        charts_by_dim.append(
            {
                **_chart(dimension),
                "subs": [_chart(s, width=300, height=170, ranges=shared, legend=False) for s in subs],
            }
        )
    return render(
        request,
        "results/province_trend.html",
        {
            "unit": unit,
            "total": _chart(total, width=760, height=260) if total else None,
            "dimensions": charts_by_dim,
            "years": analysis.published_years(),
            "group_names": charts.group_names(),
        },
    )


@declare(PUBLIC)
def province_compare(request, code):
    """The province and its peers side by side on every score of one year."""
    unit = _province(code)
    years = analysis.published_years()
    year = _year(request, years)
    if year is None:
        raise Http404
    kind = request.GET.get("peers") if request.GET.get("peers") in analysis.PEER_KINDS else "neighbours"
    units = analysis.provinces(successors=True)
    peers = analysis.peers(units[unit.pk], kind, units)
    chosen = [units[unit.pk], *peers]
    profiles = [analysis.profile(u, year, units=units) for u in chosen]
    rows = []
    for i, line in enumerate(profiles[0].lines):
        rows.append({"line": line, "cells": [p.lines[i] for p in profiles]})
    return render(
        request,
        "results/province_compare.html",
        {
            "unit": unit,
            "year": year,
            "years": years,
            "kind": kind,
            "kinds": analysis.PeerKind.choices,
            "units": chosen,
            "rows": rows,
            "colours": charts.GROUP_COLOURS,
            "text_colours": charts.GROUP_TEXT,
            "group_names": charts.group_names(),
        },
    )


@declare(PUBLIC)
def province_export_xlsx(request, code):
    unit = _province(code)
    context = profile_context(request, unit)
    series = analysis.trend(
        unit, codes=[analysis.TOTAL], last_year=context["year"], years=context["years"], national=True
    )
    content = exporters.profile_xlsx(context["profile"], series)
    return filetypes.attachment(content, f"papi-{unit.code}-{context['year']}.xlsx")


@declare(PUBLIC)
def province_export_docx(request, code):
    unit = _province(code)
    context = profile_context(request, unit)
    series = analysis.trend(unit, last_year=context["year"], years=context["years"], national=True)
    content = exporters.profile_docx(context["profile"], series, context["other_indices"])
    return filetypes.attachment(content, f"papi-{unit.code}-{context['year']}.docx")


# --- a plan against the results ------------------------------------------------------------------------------
def _plan_for(request, pk, action):
    return permitted_object(request, Plan, action, pk, Plan.objects.select_related("unit"))


def _report(request, plan):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    return gaps.plan_gaps(plan, year=year)


@declare("view", Plan)
def plan_gaps(request, pk):
    """The weakest sub-dimensions of the plan's province, the plan's tasks on each, and its targets checked."""
    plan = _plan_for(request, pk, "view")
    report = _report(request, plan)
    return render(
        request,
        "results/plan_gaps.html",
        {
            **extensions.plan_tab_frame(plan, "gaps"),
            "report": report,
            "checks": gaps.check_targets(plan),
            "can_draft": policy.can(request.user, "change", plan),
            "reason_labels": dict(analysis.GapReason.choices),
        },
    )


@declare("change", Plan)
@require_POST
def plan_gap_task(request, pk):
    """Draft a task for one weak sub-dimension, then open it for editing."""
    plan = _plan_for(request, pk, "view")
    sub = SubDimension.objects.filter(pk=request.POST.get("subdimension") or 0).select_related("dimension").first()
    if sub is None:
        messages.error(request, _("Choose a sub-dimension."))
        return HttpResponseRedirect(reverse("results:plan_gaps", args=[plan.pk]))
    try:
        task = services.draft_gap_task(plan, sub, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(reverse("results:plan_gaps", args=[plan.pk]))
    messages.success(request, _("A draft task for %(code)s was added: write what will be done.") % {"code": sub.code})
    return HttpResponseRedirect(reverse("plans:task_edit", args=[task.pk]))


@declare("view", Plan)
def plan_gaps_xlsx(request, pk):
    plan = _plan_for(request, pk, "view")
    report = _report(request, plan)
    return filetypes.attachment(
        exporters.gaps_xlsx(report, gaps.check_targets(plan)), f"phan-tich-diem-yeu-{plan.pk}.xlsx"
    )


@declare("view", Plan)
def plan_gaps_docx(request, pk):
    plan = _plan_for(request, pk, "view")
    report = _report(request, plan)
    series = None
    if report.province is not None and report.year is not None:
        wanted = [analysis.TOTAL] + sorted(
            {g.line.code.split(".")[0] for g in report.gaps} | {g.line.code for g in report.gaps}
        )
        # a sub-dimension's scale needs its sisters: read the dimensions' rows and keep the ones asked for
        series = [
            s
            for s in analysis.trend(report.province, last_year=report.year, years=report.years, national=True)
            if s.code in wanted
        ]
    content = exporters.gaps_docx(report, gaps.check_targets(plan), series)
    return filetypes.attachment(content, f"phan-tich-diem-yeu-{plan.pk}.docx")


# --- loading a year -------------------------------------------------------------------------------------------------
def _index_choices():
    return [("PAPI", "PAPI")] + [
        (code, f"{code} — {entry['name_vi']}") for code, entry in loaders.other_indices().items()
    ]


class ResultsImportForm(forms.Form):
    index = forms.ChoiceField(
        label=gettext_lazy("Index"),
        choices=_index_choices,
        required=False,
        initial="PAPI",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year of the results"),
        min_value=2009,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    file = forms.FileField(
        label=gettext_lazy("Results file (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}),
    )
    groups = forms.CharField(
        label=gettext_lazy("Groups of the total as PAPI published them (optional)"),
        help_text=gettext_lazy(
            "The lowest score of the highest, high-average and low-average groups (“43,44; 42,15; 40,74”) or the "
            "number of provinces in each group (“16 / 16 / 15 / 16”). Left empty, the groups are computed from "
            "quartiles and labelled so."
        ),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    groups_source = forms.CharField(
        label=gettext_lazy("Where PAPI published the groups"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


@declare("add", Score)
def results_import(request):
    """Upload → preview with every row's problems → confirm. Nothing is saved until every row is right."""
    releases = ResultsRelease.objects.select_related("loaded_by", "index")
    if request.method != "POST":
        years = analysis.published_years()
        form = ResultsImportForm(initial={"year": (years[-1] + 1) if years else None})
        return render(request, "results/results_import.html", {"form": form, "releases": releases})
    form = ResultsImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "results/results_import.html", {"form": form, "releases": releases}, status=400)
    confirm = bool(request.POST.get("confirm"))
    year = form.cleaned_data["year"]
    code = form.cleaned_data["index"] or "PAPI"
    try:
        if code == "PAPI":
            result = services.import_results(
                form.cleaned_data["file"],
                year=year,
                actor=request.user,
                dry_run=not confirm,
                groups_text=form.cleaned_data["groups"],
                groups_source=form.cleaned_data["groups_source"],
            )
        else:
            result = other_indices.import_index_results(
                form.cleaned_data["file"], code=code, year=year, actor=request.user, dry_run=not confirm
            )
    except ValidationError as exc:
        form.add_error(None, " ".join(exc.messages))
        return render(request, "results/results_import.html", {"form": form, "releases": releases}, status=409)
    if confirm and result.ok:
        messages.success(
            request,
            _("The %(index)s results of %(year)s were loaded: %(n)s provinces, %(s)s scores.")
            % {"index": code, "year": year, "n": len(result.rows), "s": result.scores},
        )
        if code != "PAPI":
            return HttpResponseRedirect(reverse("results:results_import"))
        return HttpResponseRedirect(reverse("results:results_map") + f"?year={year}")
    return render(
        request,
        "results/results_import.html",
        {
            "form": ResultsImportForm(
                initial={k: form.cleaned_data[k] for k in ("index", "year", "groups", "groups_source")}
            ),
            "result": result,
            "releases": releases,
        },
        status=200 if result.ok else 400,
    )


# --- the groups PAPI published --------------------------------------------------------------------------------
class PublishedGroupsForm(forms.Form):
    year = forms.TypedChoiceField(
        label=gettext_lazy("Year"), coerce=int, widget=forms.Select(attrs={"class": "form-select"})
    )
    groups = forms.CharField(
        label=gettext_lazy("Groups of the total as PAPI published them"),
        help_text=gettext_lazy(
            "The lowest score of the highest, high-average and low-average groups (“43,44; 42,15; 40,74”), or the "
            "number of provinces in each group from the highest (“16 / 16 / 15 / 16”; “15” when only the highest "
            "group is known). Empty: the groups are computed from quartiles."
        ),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    source = forms.CharField(
        label=gettext_lazy("Where PAPI published them"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in reversed(years)]


def _rule_text(row) -> str:
    if row.lower_bounds:
        return "; ".join(b.replace(".", ",") for b in row.lower_bounds)
    return " / ".join(str(s) for s in row.sizes)


@declare("add", PublishedGroups)
def results_groups(request):
    """The groups PAPI published, year by year; an administrator enters or corrects them with a preview."""
    index = get_object_or_404(Index, code="PAPI")
    years = analysis.published_years()
    rows = {r.year: r for r in PublishedGroups.objects.filter(index=index, code=analysis.TOTAL)}
    result = None
    status = 200
    if request.method == "POST":
        form = PublishedGroupsForm(request.POST, years=years)
        if form.is_valid():
            data = form.cleaned_data
            confirm = bool(request.POST.get("confirm"))
            try:
                result = groups_services.set_published_groups(
                    index=index,
                    year=data["year"],
                    code=analysis.TOTAL,
                    text=data["groups"],
                    source=data["source"],
                    actor=request.user,
                    version=data["version"],
                    dry_run=not confirm,
                )
            except ValidationError as exc:
                form.add_error("groups" if getattr(exc, "code", "") != "conflict" else None, " ".join(exc.messages))
                status = 400
            else:
                if confirm and result.ok:
                    messages.success(request, _("The groups of %(year)s were saved.") % {"year": data["year"]})
                    return HttpResponseRedirect(reverse("results:results_groups"))
                status = 200 if result.ok else 400
        else:
            status = 400
    else:
        year = _year(request, years)
        row = rows.get(year)
        initial = {"year": year}
        if row is not None:
            initial.update(groups=_rule_text(row), source=row.source, version=row.version)
        form = PublishedGroupsForm(initial=initial, years=years)
    overview = []
    measured = []
    for year in reversed(years):
        table = analysis.year_table(year, only=analysis.TOTAL)
        ranking = table.ranking(analysis.TOTAL)
        row = rows.get(year)
        overview.append(
            {
                "year": year,
                "row": row,
                "text": _rule_text(row) if row else "",
                "sizes": groups.sizes({u: r.group for u, r in ranking.items() if r.group}),
                "basis": groups.basis_label(table.basis(analysis.TOTAL)),
            }
        )
        if row is not None:
            ranks = {u: r.rank for u, r in analysis.rank_values(table.values[analysis.TOTAL]).items() if r.rank}
            measured.append((table.values[analysis.TOTAL], ranks, groups.Rule.of(row)))
    return render(
        request,
        "results/results_groups.html",
        {
            "form": form,
            "result": result,
            "overview": overview,
            "accuracy": groups.accuracy(measured) if measured else [],
            "method": groups.METHOD,
            "group_names": charts.group_names(),
        },
        status=status,
    )
