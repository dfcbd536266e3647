"""Charts drawn on the server as SVG: no JavaScript, no CDN, readable without colour (shapes and labels).

``line_chart`` draws one score of one province over the years on its own scale, one line per segment (the
2018 break and every change of scale start a new segment) and leaves a year with no score empty.
``tile_map`` draws the tile-grid cartogram of the 63 provinces coloured by quartile group.
"""

from __future__ import annotations

import math

from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from chiso.lib.text import fold

# Four groups, highest first: dark green → red, distinguishable in grey too (ColorBrewer RdYlGn, 4 classes).
GROUP_COLOURS = {1: "#157f3b", 2: "#a6d96a", 3: "#fdae61", 4: "#d7191c", None: "#e0e0e0"}
GROUP_TEXT = {1: "#ffffff", 2: "#1b1b1b", 3: "#1b1b1b", 4: "#ffffff", None: "#555555"}


def group_names() -> dict:
    return {
        1: _("Highest-scoring group"),
        2: _("High-average group"),
        3: _("Low-average group"),
        4: _("Lowest-scoring group"),
        None: _("No score"),
    }


def _n(value) -> str:
    return f"{value:.1f}"


def _fmt(value) -> str:
    return f"{float(value):.2f}".replace(".", ",")


FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
INK, MUTED, LINE, MEDIAN, BAND, PANEL = "#1b1f24", "#57606a", "#0b5cad", "#3d444d", "#c9dcef", "#f6f8fa"


def nice_range(low: float, high: float, *, ticks: int = 4, floor_at=None, ceiling_at=None):
    """(lowest, highest, step) of an axis fitted to ``low``–``high`` with round steps (1, 2, 2.5, 5 × 10ⁿ),
    kept inside the theoretical scale when one is given."""
    if high - low < 1e-9:
        low, high = low - 0.5, high + 0.5
    raw = (high - low) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if raw <= m * magnitude + 1e-12)
    lo, hi = math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step
    if floor_at is not None:
        lo = max(lo, float(floor_at))
    if ceiling_at is not None:
        hi = min(hi, float(ceiling_at))
    return lo, hi, step


def period_key(segment) -> tuple:
    """Segments of sister series sharing a key are drawn on the same axis (small multiples)."""
    return (tuple(float(v) for v in segment["scale"]), segment["years"][0] >= 2018)


def _extent(series, segment) -> list[float]:
    found = []
    for year in segment["years"]:
        value = series.points.get(year)
        if value is not None:
            found.append(float(value))
        national = series.national.get(year)
        if national is not None and national.minimum is not None:
            found += [float(national.minimum), float(national.maximum)]
    return found


def fitted_ranges(all_series) -> dict[tuple, tuple[float, float, float]]:
    """One axis per period for a set of charts drawn side by side: fitted to every province's scores of those
    years (the national range), not to the theoretical scale, on which every line looks flat."""
    extents: dict[tuple, list[float]] = {}
    scales: dict[tuple, tuple] = {}
    for series in all_series:
        for segment in series.segments:
            key = period_key(segment)
            extents.setdefault(key, []).extend(_extent(series, segment))
            scales[key] = segment["scale"]
    return {
        key: nice_range(min(found), max(found), floor_at=scales[key][0], ceiling_at=scales[key][1])
        for key, found in extents.items()
        if found
    }


def _tick(value: float, step: float) -> str:
    places = 0 if float(step).is_integer() else (1 if float(step * 10).is_integer() else 2)
    return _fmt_places(value, places)


def _fmt_places(value, places: int) -> str:
    text = f"{float(value):.{places}f}"
    return text if translation.get_language() == "en" else text.replace(".", ",")


def _runs(years, present):
    """Consecutive years (of one segment) for which ``present(year)`` holds."""
    run: list[int] = []
    for year in years:
        if present(year):
            run.append(year)
        elif run:
            yield run
            run = []
    if run:
        yield run


def chart_summary(series) -> str:
    """The text alternative of a chart: the latest score with its rank and the national picture."""
    latest = next((y for y in reversed(series.years) if series.points.get(y) is not None), None)
    label = series.code if series.code != "TOTAL" else _("PAPI total")
    if latest is None:
        return _("%(code)s: no score published") % {"code": label}
    national = series.national.get(latest)
    text = _("%(code)s, %(year)s: %(value)s") % {"code": label, "year": latest, "value": _fmt(series.points[latest])}
    if national is not None and national.rank:
        text += "; " + _("rank %(rank)s of %(of)s; national median %(median)s, lowest %(low)s, highest %(high)s") % {
            "rank": national.rank,
            "of": national.of,
            "median": _fmt(national.median),
            "low": _fmt(national.minimum),
            "high": _fmt(national.maximum),
        }
    return text


def line_chart(series, *, width: int = 560, height: int = 230, ranges=None, legend: bool = True, ranks=True) -> str:
    """One ``analysis.Series`` as an SVG a leader reads at a glance: the province's line with its rank beside
    each point, the national median (dashed) and the national range from the lowest to the highest province
    (band) when the series carries them, on a y-axis fitted to the data with labelled values.

    Each period with one scale (2011–2017, 2018 on, or a change in a dimension's sub-dimensions) is its own
    panel with its own axis: the periods are never joined. ``ranges`` (``fitted_ranges``) puts sister charts
    on the same axes. Attributes only, no CSS: the same SVG is rendered to PNG for the .docx briefing."""
    if not series.years or not series.segments:
        return ""
    ranges = ranges or fitted_ranges([series])
    axis_w, gap, right, top = 34, 8, 8, 14
    bottom = 20 + (18 if legend else 0)
    plot_h = height - top - bottom
    slots = sum(len(seg["years"]) for seg in series.segments)
    step = (width - right - axis_w * len(series.segments) - gap * (len(series.segments) - 1)) / slots
    summary = chart_summary(series)
    title = _("%(code)s of each year") % {"code": series.code if series.code != "TOTAL" else _("PAPI total")}
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" role="img" '
            'aria-label="{label}" class="trend-chart" font-family="{font}" data-code="{code}">'
            '<title>{title}</title><desc>{desc}</desc><rect width="{w}" height="{h}" fill="#ffffff"/>',
            w=width,
            h=height,
            label=f"{title}. {summary}",
            font=FONT,
            code=series.code,
            title=title,
            desc=summary,
        )
    ]
    cursor = 0.0
    for segment in series.segments:
        key = period_key(segment)
        lo, hi, tick_step = ranges.get(key) or nice_range(*(float(v) for v in segment["scale"]))
        x0 = cursor + axis_w
        x1 = x0 + step * len(segment["years"])
        cursor = x1 + gap
        x_of = {y: x0 + step * (i + 0.5) for i, y in enumerate(segment["years"])}

        def y_of(value, lo=lo, hi=hi):
            return top + plot_h - (float(value) - lo) / (hi - lo) * plot_h

        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#d0d7de"/>',
                _n(x0),
                top,
                _n(x1 - x0),
                _n(plot_h),
                PANEL,
            )
        )
        tick = math.ceil(lo / tick_step - 1e-9) * tick_step  # round values only, also on a clamped axis
        while tick <= hi + 1e-9:
            y = y_of(tick)
            parts.append(
                format_html(
                    '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d8dee4" stroke-width="0.6"/>'
                    '<text x="{}" y="{}" font-size="9" fill="{}" text-anchor="end" class="axis-value">{}</text>',
                    _n(x0),
                    _n(x1),
                    _n(y),
                    _n(y),
                    _n(x0 - 3),
                    _n(y + 3),
                    MUTED,
                    _tick(tick, tick_step),
                )
            )
            tick += tick_step
        national = series.national
        for run in _runs(segment["years"], lambda y, n=national: y in n and n[y].minimum is not None):
            if len(run) == 1:
                x = x_of[run[0]]
                upper = [(x - 4, national[run[0]].maximum), (x + 4, national[run[0]].maximum)]
                lower = [(x + 4, national[run[0]].minimum), (x - 4, national[run[0]].minimum)]
            else:
                upper = [(x_of[y], national[y].maximum) for y in run]
                lower = [(x_of[y], national[y].minimum) for y in reversed(run)]
            parts.append(
                format_html(
                    '<polygon points="{}" fill="{}" class="national-band"/>',
                    " ".join(f"{x:.1f},{y_of(v):.1f}" for x, v in upper + lower),
                    BAND,
                )
            )
            median = [(x_of[y], national[y].median) for y in run]
            if len(median) == 1:
                median = [(median[0][0] - 5, median[0][1]), (median[0][0] + 5, median[0][1])]
            parts.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="1.4" stroke-dasharray="4 3" '
                    'class="national-median"/>',
                    " ".join(f"{x:.1f},{y_of(v):.1f}" for x, v in median),
                    MEDIAN,
                )
            )
        for run in _runs(segment["years"], lambda y: series.points.get(y) is not None):
            if len(run) > 1:
                parts.append(
                    format_html(
                        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.2"/>',
                        " ".join(f"{x_of[y]:.1f},{y_of(series.points[y]):.1f}" for y in run),
                        LINE,
                    )
                )
        for year in segment["years"]:
            value = series.points.get(year)
            if value is None:
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" font-size="11" fill="{}" text-anchor="middle"><title>{}</title>–</text>',
                        _n(x_of[year]),
                        _n(top + plot_h / 2),
                        MUTED,
                        _("%(year)s: no score published") % {"year": year},
                    )
                )
                continue
            y = y_of(value)
            standing = national.get(year)
            tip = f"{year}: {_fmt(value)}"
            if standing is not None and standing.rank:
                tip += " — " + _("rank %(rank)s of %(of)s") % {"rank": standing.rank, "of": standing.of}
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="3.2" fill="{}" stroke="#ffffff" stroke-width="1">'
                    "<title>{}</title></circle>",
                    _n(x_of[year]),
                    _n(y),
                    LINE,
                    tip,
                )
            )
            if ranks and standing is not None and standing.rank:
                above = y - 6 if y - top > 14 else y + 13
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" font-size="9" font-weight="700" fill="{}" text-anchor="middle" '
                        'stroke="#ffffff" stroke-width="2.4" paint-order="stroke" class="rank-label">{}</text>',
                        _n(x_of[year]),
                        _n(above),
                        LINE,
                        standing.rank,
                    )
                )
        every = 1 if step >= 30 else 2
        last = len(segment["years"]) - 1
        for i, year in enumerate(segment["years"]):
            if (last - i) % every == 0:
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" font-size="9" fill="{}" text-anchor="middle">{}</text>',
                        _n(x_of[year]),
                        _n(top + plot_h + 12),
                        MUTED,
                        year if step >= 24 else f"’{year % 100:02d}",
                    )
                )
    if legend and series.national:
        y = height - 8
        parts.append(
            format_html(
                '<line x1="{a}" x2="{b}" y1="{y}" y2="{y}" stroke="{line}" stroke-width="2.2"/>'
                '<text x="{c}" y="{t}" font-size="9" fill="{ink}">{province}</text>'
                '<line x1="{d}" x2="{e}" y1="{y}" y2="{y}" stroke="{median}" stroke-width="1.4" '
                'stroke-dasharray="4 3"/><text x="{f}" y="{t}" font-size="9" fill="{ink}">{median_label}</text>'
                '<rect x="{g}" y="{r}" width="16" height="8" fill="{band}"/>'
                '<text x="{h}" y="{t}" font-size="9" fill="{ink}">{band_label}</text>',
                a=axis_w,
                b=axis_w + 16,
                y=_n(y - 3),
                c=axis_w + 20,
                t=_n(y),
                line=LINE,
                ink=INK,
                province=_("this province (number: rank)"),
                d=axis_w + 190,
                e=axis_w + 206,
                median=MEDIAN,
                f=axis_w + 210,
                median_label=_("national median"),
                g=axis_w + 310,
                r=_n(y - 7),
                band=BAND,
                h=axis_w + 330,
                band_label=_("national range, lowest to highest"),
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))


def chart_rows(series) -> list[dict]:
    """The data behind a chart, one row a year of its segments: the table that goes with it."""
    rows = []
    for segment in series.segments:
        for year in segment["years"]:
            national = series.national.get(year)
            rows.append(
                {
                    "year": year,
                    "value": series.points.get(year),
                    "scale": segment["scale"],
                    "rank": national.rank if national else None,
                    "of": national.of if national else None,
                    "group": national.group if national else None,
                    "median": national.median if national else None,
                    "minimum": national.minimum if national else None,
                    "maximum": national.maximum if national else None,
                }
            )
    return rows


def chart_png(svg: str, *, width: int = 1400) -> bytes:
    """The chart as a PNG (for the .docx briefing, which cannot hold SVG), rendered by resvg without a browser."""
    import resvg_py  # a compiled renderer: loaded only when a briefing is written

    return bytes(resvg_py.svg_to_bytes(svg_string=str(svg), width=width, background="#ffffff"))


def tile_map(tiles: dict, cells: dict, *, href, size: int = 34, gap: int = 3) -> str:
    """The cartogram: ``cells[code] = {"unit", "group", "value", "rank", "label"}``; ``href(unit)`` is the
    link each square opens."""
    cols = max(t["col"] for t in tiles.values()) + 1
    rows = max(t["row"] for t in tiles.values()) + 1
    width, height = cols * (size + gap) + gap, rows * (size + gap) + gap
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" role="group" aria-label="{}" '
            'class="tile-map">',
            width,
            height,
            width * 1.4,
            _("Map of the 63 provinces coloured by group"),
        )
    ]
    for code, tile in sorted(tiles.items()):
        cell = cells.get(code)
        if cell is None:
            continue
        group = cell["group"]
        x, y = gap + tile["col"] * (size + gap), gap + tile["row"] * (size + gap)
        title = _cell_title(cell)
        parts.append(
            format_html(
                '<a href="{}" data-province="{}" aria-label="{}"><title>{}</title>'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}" stroke="#ffffff"/>'
                '<text x="{}" y="{}" font-size="10" font-weight="600" text-anchor="middle" fill="{}">{}</text>'
                # the group number sits outside the link: a link's visible text must be in its name (WCAG 2.5.3)
                '</a><text x="{}" y="{}" font-size="8" text-anchor="middle" fill="{}" aria-hidden="true" '
                'pointer-events="none">{}</text>',
                href(cell["unit"]),
                code,
                f"{cell['label']} — {title}",  # the visible abbreviation first (WCAG 2.5.3, label in name)
                title,
                x,
                y,
                size,
                size,
                GROUP_COLOURS[group],
                x + size / 2,
                y + 15,
                GROUP_TEXT[group],
                cell["label"],
                x + size / 2,
                y + 27,
                GROUP_TEXT[group],
                group or "–",
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))


def _cell_title(cell) -> str:
    names = group_names()
    value, group = cell["value"], cell["group"]
    if value is None:
        return f"{cell['unit'].name}: {names[None]}"
    return f"{cell['unit'].name}: {_fmt(value)} — {_('rank')} {cell['rank']}/{cell['of']} — {names[group]}"


OUTLINES_STATIC = "results/province-outlines.svg"


def outlines_file(shapes: dict) -> str:
    """The provinces' outlines as one SVG file of ``<path id="…">`` (``chiso/results/static/results/``): served as a
    static, fingerprinted, compressed file the browser keeps, and drawn by :func:`boundary_map` with ``<use>``,
    so the map page carries ~10 kB of links and colours instead of 210 kB of paths. Regenerated from the shapes'
    JSON by ``python -m chiso.results.charts`` (a test checks it is current)."""
    paths = "".join(f'<path id="{loc["id"]}" d="{loc["path"]}"/>' for loc in shapes["locations"])
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{shapes["viewBox"]}">{paths}</svg>\n'


def boundary_map(shapes: dict, cells: dict, *, href) -> str:
    """The provinces' outlines (``analysis.shapes()``) filled by group; each links to its profile. The outlines
    themselves come from the static file of :func:`outlines_file`."""
    from django.templatetags.static import static

    outlines = static(OUTLINES_STATIC)
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="{}" width="100%" role="group" aria-label="{}" '
            'class="province-map">',
            shapes["viewBox"],
            _("Map of the 63 provinces coloured by group"),
        )
    ]
    for location in shapes["locations"]:
        cell = cells.get(location["code"])
        if cell is None:
            continue
        title = _cell_title(cell)
        parts.append(
            format_html(
                '<a href="{}" data-province="{}" aria-label="{}"><title>{}</title>'
                '<use href="{}#{}" fill="{}" stroke="#ffffff" stroke-width="0.8"/></a>',
                href(cell["unit"]),
                location["code"] if location["id"] not in ("hoangsa", "truongsa") else "",
                title,
                title,
                outlines,
                location["id"],
                GROUP_COLOURS[cell["group"]],
            )
        )
    parts.append(
        format_html(
            '<text x="4" y="{}" font-size="18" fill="#57606a">{}</text></svg>',
            int(shapes["viewBox"].split()[3]) - 6,
            shapes["attribution"],
        )
    )
    return mark_safe("".join(str(p) for p in parts))


def tile_label(name: str, taken: set) -> str:
    """Two or three letters for a square: "Hà Nội" → "HN", "Hà Nam" → "HNa" when "HN" is taken."""

    words = [w for w in fold(name).split() if w not in ("tinh", "thanh", "pho")]
    label = "".join(w[0] for w in words).upper()[:3]
    if label in taken and words:
        label = (label[:-1] + words[-1][:2].capitalize())[:3]
    n = 2
    while label in taken:
        label = f"{label[:2]}{n}"
        n += 1
    taken.add(label)
    return escape(label)


if __name__ == "__main__":  # python -m chiso.results.charts: write the static outlines file again
    import json
    from pathlib import Path

    here = Path(__file__).resolve().parent
    shapes = json.loads((here / "data" / "vietnam_provinces_svg.json").read_text(encoding="utf-8"))
    (here / "static" / OUTLINES_STATIC).write_text(outlines_file(shapes), encoding="utf-8")
