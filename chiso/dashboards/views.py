"""Pages: a unit's dashboard (figures read from the recount, drill-down to the units below and to agencies), the
records behind each figure, the scorecards with their results, rankings, proposals and exports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chiso.core.permissions import AUTHENTICATED, declare, policy
from chiso.lib import tree
from chiso.plans.exporters import DOCX, XLSX
from chiso.units.models import AdministrativeUnit, Agency

from . import charts, exporters, fragments, read, services, sources
from .forms import ScorecardForm, scorecard_units
from .models import Figure, Scorecard
from .permissions import READERS
from .scorecards import CRITERIA, Outcome, compute, criteria_of


def _my_units(user):
    """The units whose dashboards the user reads first: where they hold a role that reads them."""
    if policy.is_admin(user):
        return list(AdministrativeUnit.objects.filter(level="province").order_by("-era", "name")[:80])
    paths = policy.unit_paths(user, policy.rule_for(Figure).roles["view"])
    return list(AdministrativeUnit.objects.filter(path__in=paths).order_by("path"))


def _unit(request, pk, action="view"):
    """The unit of the URL within the user's reach (out of reach: 404, as for any record)."""
    unit = get_object_or_404(AdministrativeUnit, pk=pk)
    if not policy.can(request.user, action, Figure, unit=unit):
        raise Http404
    return unit


def _filters(request):
    filters, errors = read.parse_filters(request.GET)
    for error in errors:
        messages.warning(request, error)
    return filters


# Every official sees the menu entry: one who reads no unit's dashboard gets a page that says why, not a 403.
@declare(AUTHENTICATED)
def home(request):
    mine = _my_units(request.user)
    # The filters asked for travel on (a wrong value is then explained on the unit's page, the others kept).
    query = request.GET.urlencode()
    if len(mine) == 1:
        return redirect(f"{_dashboard_url(mine[0])}?{query}" if query else _dashboard_url(mine[0]))
    return render(request, "dashboards/home.html", {"units": mine, "query": query})


@declare("view", Figure)
def unit_dashboard(request, unit):
    unit = _unit(request, unit)  # the permission check comes before the cache
    filters = _filters(request)
    every = request.GET.get("below") == "all"
    # The units above and the predecessors (or successors) are linked only where the reader may open them: a ward's
    # leader sees the province's name, not a link to a page that would refuse them.
    paths = None if policy.is_admin(request.user) else policy.unit_paths(request.user, READERS)
    part = fragments.figures_part(
        unit,
        filters,
        every=every,
        reach=fragments.reach_of(paths),
        build=lambda *stamps: _figures_part(unit, filters, every, stamps, paths),
    )
    # The unit's scorecards are in the cached part: whoever reads a unit's figures may read its scorecards (the
    # policy's readers of the figures are among those of the scorecards), checked here all the same.
    may_read_scorecards = policy.can(request.user, "view", Scorecard, unit=unit)
    context = {
        "unit": unit,
        "filters": filters,
        "computed_at": part["computed_at"],
        "part": {
            "breadcrumbs": mark_safe(part["breadcrumbs"]),  # noqa: S308 — rendered by the template engine
            "html": mark_safe(part["html"]),  # noqa: S308
            "scorecards": mark_safe(part["scorecards"] if may_read_scorecards else ""),  # noqa: S308
        },
        "periods": [("Y", _("Whole year")), *((q, _("Quarter %(q)s") % {"q": q[1]}) for q in ("Q1", "Q2", "Q3", "Q4"))],
        "dimensions": read.dimension_codes(),
        "may_recount": policy.can(request.user, "recount", Figure, unit=unit),
        "may_add_scorecard": not part["scorecards"] and policy.can(request.user, "add", Scorecard, unit=unit),
    }
    return render(request, "dashboards/unit.html", context)


def _within(unit, paths) -> bool:
    return any(tree.is_within(unit.path, top) for top in paths)


def _figures_part(unit, filters, every, stamps, paths=None) -> dict:
    """The part of the page every reader of the unit sees alike (cached by ``fragments.figures_part``): rendered
    without the request, so nothing of the reader can slip in."""
    data = read.dashboard(unit, filters, rows_below="html", every=every, stamps=stamps)
    ancestors, history = list(unit.ancestors()), read.history_of(unit)
    tasks = next(p for p in data["panels"] if p["key"] == "tasks")
    chart_rows = [(str(row["dimension"]), {v.key: v.value for v in row["values"]}) for row in data["by_dimension"]]
    context = {
        **data,
        "ancestors": ancestors,
        "history": history,
        "linked": {
            u.pk for u in (*ancestors, *history) if paths is None or any(tree.is_within(u.path, p) for p in paths)
        },
        "tasks_chart": charts.stacked_bars(
            [(_("All tasks"), {v.key: v.value for v in tasks["values"]})],
            title=_("Tasks by state"),
            width=340,
            label_width=100,
        ),
        "dimension_chart": charts.stacked_bars(chart_rows, title=_("Tasks by PAPI dimension")),
        "legend": charts.legend(),
        "every_below": every or data["children_count"] <= read.FIRST_BELOW,
        "first_below": read.FIRST_BELOW,
    }
    scorecards = Scorecard.objects.filter(unit=unit).order_by("name")
    return {
        "breadcrumbs": str(render_to_string("dashboards/_breadcrumbs.html", context)),
        "html": str(render_to_string("dashboards/_figures.html", context)),
        "scorecards": str(render_to_string("dashboards/_scorecard_links.html", {**context, "scorecards": scorecards})),
    }


@declare("view", Figure)
def records(request, unit, key):
    unit = _unit(request, unit)
    figure = sources.BY_KEY.get(key)
    if figure is None:
        raise Http404
    filters = _filters(request)
    agency = None
    raw_agency = request.GET.get("agency") or ""
    if raw_agency:
        if not raw_agency.isdigit():
            raise Http404
        agency = get_object_or_404(Agency, pk=int(raw_agency))
    part = (request.GET.get("part") or "").strip()
    ctx = sources.Ctx(filters.year, filters.period, timezone.localdate())
    rows = figure.records(ctx, unit, part=part, agency=agency, user=request.user)
    context = {
        "unit": unit,
        "figure": figure,
        "panel": sources.PANELS[figure.panel],
        "filters": filters,
        "agency": agency,
        "part": part,
        "rows": rows,
        "back": f"{_dashboard_url(unit)}?{filters.query()}",
    }
    return render(request, "dashboards/records.html", context)


def _dashboard_url(unit):
    return reverse("dashboards:unit", args=[unit.pk])


@require_POST
@declare("recount", Figure)
def recount(request, unit):
    unit = _unit(request, unit, "recount")
    filters = _filters(request)
    services.request_recount(unit, filters.year, filters.period, actor=request.user)
    messages.success(request, _("The figures are being recounted; the time of the count is shown on each panel."))
    return redirect(f"{_dashboard_url(unit)}?{filters.query()}")


# --- scorecards ----------------------------------------------------------------------------------------------------
@declare("view", Scorecard)
def scorecard_list(request):
    scorecards = policy.scope(request.user, "view", Scorecard.objects.select_related("unit")).order_by("unit__path")
    return render(request, "dashboards/scorecard_list.html", {"scorecards": scorecards})


def _scorecard(request, pk, action="view"):
    scorecard = get_object_or_404(policy.scope(request.user, "view", Scorecard.objects.select_related("unit")), pk=pk)
    if action != "view" and not policy.can(request.user, action, scorecard):
        raise PermissionDenied
    return scorecard


def _results(request, scorecard):
    filters = _filters(request)
    return filters, compute(scorecard, filters.year, filters.period)


@declare("view", Scorecard)
def scorecard_detail(request, pk):
    scorecard = _scorecard(request, pk)
    filters, results = _results(request, scorecard)
    everyone = results["units"] + results["agencies"]
    context = {
        "scorecard": scorecard,
        "filters": filters,
        "formula": criteria_of(scorecard),
        "results": results,
        "rewards": [r for r in everyone if r.outcome == Outcome.REWARD],
        "reminders": [r for r in everyone if r.outcome == Outcome.REMIND],
        "periods": ["Y", "Q1", "Q2", "Q3", "Q4"],
        "may_change": policy.can(request.user, "change", scorecard),
    }
    return render(request, "dashboards/scorecard_detail.html", context)


def _form_view(request, form, scorecard, unit, status=200):
    return render(
        request,
        "dashboards/scorecard_form.html",
        {"form": form, "scorecard": scorecard, "unit": unit, "criteria": list(CRITERIA)},
        status=status,
    )


@declare("add", Scorecard)
def scorecard_add(request):
    """A new scorecard; its unit is picked by name or code among those the user may set one up for (the unit of the
    dashboard it was opened from first)."""
    offered = scorecard_units(request.user)
    if request.method != "POST":
        raw = request.GET.get("unit") or ""
        if raw.isdigit():
            unit = get_object_or_404(AdministrativeUnit, pk=int(raw))
            if not policy.can(request.user, "add", Scorecard, unit=unit):
                raise Http404
        else:
            mine = [u for u in _my_units(request.user) if policy.can(request.user, "add", Scorecard, unit=u)]
            unit = mine[0] if mine else None
            if unit is None and not offered.exists():
                raise PermissionDenied
        form = ScorecardForm(instance=Scorecard(unit=unit), user=request.user)
        return _form_view(request, form, None, unit)
    form = ScorecardForm(request.POST, instance=Scorecard(), user=request.user)
    if not form.is_valid():
        return _form_view(request, form, None, form.cleaned_data.get("unit"), status=400)
    unit = form.cleaned_data["unit"]
    try:
        scorecard = services.create_scorecard(
            unit,
            actor=request.user,
            name=form.cleaned_data["name"],
            level=form.cleaned_data["level"],
            criteria=form.criteria(),
            reward_from=form.cleaned_data["reward_from"],
            remind_below=form.cleaned_data["remind_below"],
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _form_view(request, form, None, unit, status=400)
    messages.success(request, _("The scorecard is saved."))
    return redirect(scorecard)


@declare("change", Scorecard)
def scorecard_edit(request, pk):
    scorecard = _scorecard(request, pk, "change")
    if request.method != "POST":
        return _form_view(request, ScorecardForm(instance=scorecard, user=request.user), scorecard, scorecard.unit)
    form = ScorecardForm(request.POST, instance=scorecard, user=request.user)
    if not form.is_valid():
        return _form_view(request, form, scorecard, scorecard.unit, status=400)
    try:
        services.update_scorecard(
            scorecard,
            actor=request.user,
            loaded_version=request.POST.get("version"),
            criteria=form.criteria(),
            name=form.cleaned_data["name"] or services.default_name(scorecard.unit),
            level=form.cleaned_data["level"],
            reward_from=form.cleaned_data["reward_from"],
            remind_below=form.cleaned_data["remind_below"],
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _form_view(request, form, scorecard, scorecard.unit, status=409)
    messages.success(request, _("The scorecard is saved."))
    return redirect(scorecard)


@declare("view", Scorecard)
def scorecard_xlsx(request, pk):
    scorecard = _scorecard(request, pk)
    filters, results = _results(request, scorecard)
    response = HttpResponse(exporters.scorecard_xlsx(scorecard, filters, results), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="cham-diem-{scorecard.pk}-{filters.year}.xlsx"'
    return response


@declare("view", Scorecard)
def scorecard_docx(request, pk):
    scorecard = _scorecard(request, pk)
    filters, results = _results(request, scorecard)
    document = exporters.scorecard_docx(scorecard, filters, results, today=timezone.localdate())
    response = HttpResponse(document, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="phu-luc-thi-dua-{scorecard.pk}-{filters.year}.docx"'
    return response
