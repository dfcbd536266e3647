"""What a unit's dashboard shows, read from the stored figures (a handful of queries, whatever the unit's size):
shared by the page, the API and the leader's home panel."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chiso.indices.models import Dimension, Score
from chiso.lib import tree
from chiso.results import analysis
from chiso.surveys.models import Survey
from chiso.units.models import AdministrativeUnit, Agency

from . import recount, sources
from .models import PERIODS, Figure

DRILL_KEYS = ["tasks.due", "tasks.on_time", "tasks.overdue", "reports.missing", "feedback.overdue",
              "remedies.overdue", "disclosures.missing"]  # fmt: skip
AGENCY_KEYS = ["tasks.due", "tasks.on_time", "tasks.late", "tasks.overdue", "reports.missing", "feedback.overdue",
               "remedies.overdue"]  # fmt: skip
OTHER_INDICES = ("PCI", "PAR_INDEX", "SIPAS")
YEAR = re.compile(r"[0-9]{4}")  # ASCII digits only: "²０２５" passes ``isdigit`` but not ``int``


@dataclass(frozen=True)
class Filters:
    year: int
    period: str = "Y"
    dimension: str = ""

    def query(self, **extra) -> str:
        values = {"year": self.year, "period": self.period}
        if self.dimension:
            values["dimension"] = self.dimension
        values.update({k: v for k, v in extra.items() if v not in (None, "")})
        return urlencode(values)


def _shown(raw: str) -> str:
    """A wrong value as a message quotes it: short (a message may travel in a cookie after a redirect)."""
    return raw if len(raw) <= 20 else raw[:20] + "…"


def parse_filters(params, today: dt.date | None = None) -> tuple[Filters, list[str]]:
    """``year``, ``period``, ``dimension`` from a query string; a bad value falls back to the default and says so."""
    today = today or timezone.localdate()
    errors = []
    year = today.year
    raw = (params.get("year") or "").strip()
    if raw:
        if YEAR.fullmatch(raw) and 2000 <= int(raw) <= 2100:
            year = int(raw)
        else:
            message = _("The year is four digits (2025): “%(v)s” was not understood; showing %(y)s.")
            errors.append(message % {"v": _shown(raw), "y": year})
    period = (params.get("period") or "Y").strip().upper()
    if period not in PERIODS:
        errors.append(_("The period is the year (Y) or a quarter (Q1–Q4): showing the whole year."))
        period = "Y"
    dimension = (params.get("dimension") or "").strip().upper()
    if dimension and dimension not in dimension_codes():
        errors.append(_("There is no PAPI dimension %(d)s: showing every dimension.") % {"d": _shown(dimension)})
        dimension = ""
    return Filters(year, period, dimension), errors


DIMENSIONS_KEY = "dashboards:dimensions"


def dimension_codes() -> list[str]:
    """The PAPI dimensions' codes (the filter's choices), read from the cache: renewed when a dimension changes
    (``fragments.invalidate``) and at least hourly."""
    codes = cache.get(DIMENSIONS_KEY)
    if codes is None:
        codes = list(Dimension.objects.filter(index__code="PAPI").order_by("order").values_list("code", flat=True))
        cache.set(DIMENSIONS_KEY, codes, 3600)
    return codes


@dataclass
class Value:
    """A figure as shown: its number, what it is counted out of, the share and the link to its records."""

    key: str
    label: str
    value: int
    denominator: int | None
    url: str

    @property
    def share(self) -> int | None:
        return round(100 * self.value / self.denominator) if self.denominator else None

    @property
    def html(self) -> SafeString:
        """The cell as every table of the page shows it ("3 / 5 (60%)", the number linked to its records): written
        here rather than by a template include, which a province's page would render some 2,000 times."""
        cell = (
            f'<a href="{escape(self.url)}" class="text-decoration-none" data-figure="{escape(self.key)}" '
            f'data-value="{self.value}">{self.value}</a>'
        )
        if self.denominator is not None:
            share = f" ({self.share}%)" if self.share is not None else ""
            cell += f'<span class="text-muted small"> / {self.denominator}{share}</span>'
        return mark_safe(cell)  # noqa: S308 — numbers and escaped text only


class Links:
    """The links to the records behind the figures of one page: the URL pattern is reversed once and filled in for
    each figure (a province's page has some 2,000 links)."""

    _UNIT, _KEY = 987654321, "figure-key"

    def __init__(self, filters: Filters):
        pattern = reverse("dashboards:records", args=[self._UNIT, self._KEY])
        self.head, rest = pattern.split(str(self._UNIT), 1)
        self.middle, self.tail = rest.split(self._KEY, 1)
        self.query = urlencode({"year": filters.year, "period": filters.period})
        self.labels = {key: str(figure.label) for key, figure in sources.BY_KEY.items()}

    def url(self, unit_id: int, key: str, *, part: str = "", agency_id: int | None = None) -> str:
        extra = f"&{urlencode({'part': part})}" if part else ""
        if agency_id is not None:
            extra += f"&agency={agency_id}"
        return f"{self.head}{unit_id}{self.middle}{key}{self.tail}?{self.query}{extra}"


def _values(unit_id: int, rows: dict[str, tuple[int, int | None]], links: Links, keys, *, part="", agency_id=None):
    shown = []
    for key in keys:
        value, denominator = rows.get(key, (0, None))
        if denominator is None and key in recount.DENOMINATORS:
            denominator = rows.get(recount.DENOMINATORS[key], (0, None))[0]
        url = links.url(unit_id, key, part=part, agency_id=agency_id)
        shown.append(Value(key, links.labels[key], value, denominator, url))
    return shown


def figures_of(unit, filters: Filters, *, agencies: bool = False):
    """{(agency id or None, key, part): (value, denominator)} of the unit itself (and its own agencies)."""
    queryset = Figure.objects.filter(unit=unit, year=filters.year, period=filters.period)
    if not agencies:
        queryset = queryset.filter(agency__isnull=True)
    found = {}
    for agency_id, key, part, value, denominator in queryset.values_list(
        "agency_id", "key", "part", "value", "denominator"
    ):
        found[(agency_id, key, part)] = (int(value) if key != "surveys.index" else value, denominator)
    return found


def _pick(found, agency_id, part):
    return {key: v for (a, key, p), v in found.items() if a == agency_id and p == part}


def children_of(unit):
    """The units directly below, as the dashboard drills down (villages have no dashboard of their own)."""
    below = unit.children.exclude(level=AdministrativeUnit.Level.VILLAGE)
    return list(below.only("pk", "name", "parent_id").order_by("name"))


def history_of(unit):
    """The legacy units this one took over (history), or the current ones a legacy unit became."""
    if unit.era == AdministrativeUnit.Era.CURRENT:
        return list(unit.predecessors.order_by("path"))
    return list(unit.successors.order_by("path"))


def panels(unit, links: Links, filters: Filters, found) -> list[dict]:
    own = _pick(found, None, "")
    task_rows = _pick(found, None, filters.dimension) if filters.dimension else own
    result = []
    for panel, title in sources.PANELS.items():
        keys = [f.key for f in sources.FIGURES if f.panel == panel]
        rows = task_rows if panel == "tasks" else own
        part = filters.dimension if panel == "tasks" else ""
        result.append({"key": panel, "title": str(title), "values": _values(unit.pk, rows, links, keys, part=part)})
    return result


def by_dimension(unit, links: Links, found) -> list[dict]:
    keys = ["tasks.due", "tasks.on_time", "tasks.late", "tasks.overdue", "tasks.open"]
    dimensions = Dimension.objects.filter(index__code="PAPI").order_by("order")
    rows = []
    for dimension in dimensions:
        mine = _pick(found, None, dimension.code)
        rows.append({"dimension": dimension, "values": _values(unit.pk, mine, links, keys, part=dimension.code)})
    return rows


def drill(unit, links: Links, filters: Filters) -> list[dict]:
    """Each unit directly below with its main figures (one query for the units, one for all their figures)."""
    children = children_of(unit)
    found: dict[int, dict] = {}
    for unit_id, key, value, denominator in Figure.objects.filter(
        unit__parent=unit,
        agency__isnull=True,
        part="",
        year=filters.year,
        period=filters.period,
        key__in=DRILL_KEYS,
    ).values_list("unit_id", "key", "value", "denominator"):
        found.setdefault(unit_id, {})[key] = (int(value), denominator)
    return [{"unit": c, "values": _values(c.pk, found.get(c.pk, {}), links, DRILL_KEYS)} for c in children]


def _cached_below(unit, filters: Filters, version: str, kind: str, build):
    """The units below as the page's rows or the API's list, built once per version of the figures (``version``: the
    latest recount of the period) and of the units below (their number and last change), then read from the cache:
    a province has hundreds of communes, each with seven linked figures."""
    below = unit.children.exclude(level=AdministrativeUnit.Level.VILLAGE).aggregate(n=Count("pk"), at=Max("updated_at"))
    if not below["n"]:
        return None, 0
    changed = below["at"].isoformat() if below["at"] else ""
    key = f"dashboards:{kind}:{unit.pk}:{filters.query()}:{get_language()}:{version}:{below['n']}:{changed}"
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, 3600)
    return found, below["n"]


FIRST_BELOW = 50  # units below shown at first (the most behind); the rest on demand


def drill_html(unit, links: Links, filters: Filters, version: str, *, every: bool = False) -> tuple[SafeString, int]:
    """The rows of the page's "units below" table (cached, see ``_cached_below``) and how many units lie below: at
    first the ``FIRST_BELOW`` with the most overdue tasks (a province has hundreds of communes), every one in name
    order with ``every``."""

    def build():
        link, at = reverse("dashboards:unit", args=[unit.pk]), str(unit.pk)
        head, tail, query = link[: link.rindex(at)], link[link.rindex(at) + len(at) :], escape(filters.query())
        rows = drill(unit, links, filters)
        if not every:
            overdue = DRILL_KEYS.index("tasks.overdue")
            rows = sorted(rows, key=lambda row: -row["values"][overdue].value)[:FIRST_BELOW]
        html = [
            f'<tr><th scope="row" class="fw-normal"><a href="{head}{row["unit"].pk}{tail}?{query}">'
            f"{escape(row['unit'].name)}</a></th>{''.join(f'<td>{v.html}</td>' for v in row['values'])}</tr>"
            for row in rows
        ]
        return "\n".join(html)

    kind = "drill-all" if every else "drill"
    found, count = _cached_below(unit, filters, version, kind, build)
    return mark_safe(found or ""), count  # noqa: S308 — escaped


def drill_api(unit, links: Links, filters: Filters, version: str) -> list[dict]:
    """The API's "units_below" (cached, see ``_cached_below``)."""

    def build():
        return [
            {"id": r["unit"].pk, "name": r["unit"].name, "figures": api_values(r["values"])}
            for r in drill(unit, links, filters)
        ]

    return _cached_below(unit, filters, version, "below", build)[0] or []


def agencies(unit, links: Links, found) -> list[dict]:
    ids = {a for (a, _k, _p) in found if a}
    listed = Agency.objects.filter(pk__in=ids).order_by("name") if ids else []
    return [
        {"agency": a, "values": _values(unit.pk, _pick(found, a.pk, ""), links, AGENCY_KEYS, agency_id=a.pk)}
        for a in listed
    ]


def survey_indices(unit, links: Links, filters: Filters) -> list[dict]:
    """The indices of the surveys of the unit and below, each with its responses linked to the list of them (the
    responses the index is computed from: all those of the survey)."""
    rows = list(
        Figure.objects.filter(
            tree.subtree_q([unit.path], "unit"), key="surveys.index", year=filters.year, period="Y", agency__isnull=True
        ).values_list("unit_id", "part", "value", "denominator", "unit__name")
    )
    surveys = Survey.objects.in_bulk([int(part.split(":")[1]) for _u, part, *_rest in rows])
    shown = []
    for unit_id, part, value, denominator, unit_name in rows:
        survey = surveys.get(int(part.split(":")[1]))
        if survey is not None:
            key, url = "surveys.index", links.url(unit_id, "surveys.index", part=part)
            shown.append(
                {
                    "survey": survey,
                    "unit": unit_name,
                    "index": value,
                    "responses": Value(key, links.labels[key], denominator or 0, None, url),
                    "url": reverse("surveys:survey_results", args=[survey.pk]),
                }
            )
    return shown


# --- published indices of the province ---------------------------------------------------------------------------
def papi_provinces(unit) -> list[AdministrativeUnit]:
    """The legacy province(s) whose PAPI results are the unit's: its own province before 1/7/2025, or those merged
    into its current province."""
    top = AdministrativeUnit.objects.filter(path=".".join(unit.path.split(".")[:2])).first()
    if top is None:
        return []
    if top.era == AdministrativeUnit.Era.LEGACY:
        return [top]
    return list(top.predecessors.filter(level=AdministrativeUnit.Level.PROVINCE).order_by("name"))


def papi_summary(province) -> dict | None:
    """The province's latest PAPI total with rank, its three weakest sub-dimensions (lowest on their scale), and its
    latest PCI, PAR INDEX and SIPAS where loaded. Cached an hour (published data changes by a yearly load)."""
    latest = (
        Score.objects.filter(index__code="PAPI", unit=province, code=Score.TOTAL, value__isnull=False)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if latest is None:
        return None
    key = f"dashboards:papi:{province.pk}:{latest}"
    found = cache.get(key)
    if found is None:
        profile = analysis.profile(province, latest)
        subs = [s for s in profile.subdimensions() if s.position is not None]
        weakest = sorted(subs, key=lambda s: s.position)[:3]
        total = profile.total
        others = []
        for code in OTHER_INDICES:
            score = (
                Score.objects.filter(index__code=code, unit=province, code=Score.TOTAL, value__isnull=False)
                .order_by("-year")
                .first()
            )
            if score is not None:
                others.append({"code": code.replace("_", " "), "year": score.year, "value": str(score.value)})
        found = {
            "year": latest,
            "total": str(total.value) if total and total.value is not None else None,
            "rank": total.rank if total else None,
            "of": total.of if total else None,
            "dimensions": [{"code": d.code, "name": d.name, "value": str(d.value)} for d in profile.dimensions],
            "weakest": [
                {"code": s.code, "name": s.name, "value": str(s.value), "position": round(100 * s.position)}
                for s in weakest
            ],
            "others": others,
        }
        cache.set(key, found, 3600)
    return {**found, "province": province, "url": reverse("results:province_profile", args=[province.code])}


def dashboard(unit, filters: Filters, *, rows_below: str = "api", every: bool = False, stamps=None) -> dict:
    """What the page and the API show; the units below as ``rows_below``: "api" (``units_below``, each with its
    figures) or "html" (``children_rows``, the page's table rows), both cached per version of the figures.
    ``stamps``: the unit's ``recount.stamps`` when the caller has read them already."""
    found = figures_of(unit, filters, agencies=True)
    links = Links(filters)
    computed_at, version = stamps or recount.stamps(unit, filters.year, filters.period)
    data = {
        "unit": unit,
        "filters": filters,
        "computed_at": computed_at,
        "panels": panels(unit, links, filters, found),
        "by_dimension": by_dimension(unit, links, found),
        "agencies": agencies(unit, links, found),
        "surveys": survey_indices(unit, links, filters),
        "papi": [s for s in (papi_summary(p) for p in papi_provinces(unit)) if s],
    }
    if rows_below == "html":
        data["children_rows"], data["children_count"] = drill_html(unit, links, filters, version, every=every)
    else:
        data["units_below"] = drill_api(unit, links, filters, version)
    return data


def overdue_by_kind(unit, year: int) -> list[Value]:
    """The home panel's "overdue items by kind" for the whole year so far."""
    filters = Filters(year)
    rows = _pick(figures_of(unit, filters), None, "")
    return [
        replace(value, label=sources.OVERDUE_LABELS[value.key])
        for value in _values(unit.pk, rows, Links(filters), sources.OVERDUE_KEYS)
    ]


def api_values(items: list[Value]) -> dict:
    return {v.key: {"value": v.value, "denominator": v.denominator, "records": v.url, "label": v.label} for v in items}


def as_api(data: dict) -> dict:
    """The page's figures as the API answers them."""
    values = api_values
    filters = data["filters"]
    return {
        "unit": {"id": data["unit"].pk, "name": data["unit"].name, "level": data["unit"].level},
        "year": filters.year,
        "period": filters.period,
        "dimension": filters.dimension or None,
        "computed_at": data["computed_at"].isoformat() if data["computed_at"] else None,
        "panels": {p["key"]: values(p["values"]) for p in data["panels"]},
        "by_dimension": {r["dimension"].code: values(r["values"]) for r in data["by_dimension"]},
        "units_below": data["units_below"],
        "agencies": [
            {"id": r["agency"].pk, "name": r["agency"].name, "figures": values(r["values"])} for r in data["agencies"]
        ],
        "surveys": [
            {
                "id": s["survey"].pk,
                "title": s["survey"].title,
                "index": str(s["index"]),
                "responses": s["responses"].value,
                "records": s["responses"].url,
            }
            for s in data["surveys"]
        ],
        "papi": [
            {k: v for k, v in s.items() if k not in ("province",)} | {"province": s["province"].name}
            for s in data["papi"]
        ],
    }
