"""Charts drawn on the server as SVG: no JavaScript, no CDN, readable without colour (shapes and labels).

``line_chart`` draws one score of one province over the years on its own scale, one line per segment (the
2018 break and every change of scale start a new segment) and leaves a year with no score empty.
``tile_map`` draws the tile-grid cartogram of the 63 provinces coloured by quartile group.
"""

from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from chiso.lib.text import fold

# Four groups, highest first: dark green → red, distinguishable in grey too (ColorBrewer RdYlGn, 4 classes).
GROUP_COLOURS = {1: "#15803d", 2: "#a6d96a", 3: "#fdae61", 4: "#d7191c", None: "#e0e0e0"}
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


def line_chart(series, *, width: int = 340, height: int = 170) -> str:
    """One ``analysis.Series`` as an SVG. Each segment gets its own y-axis scale label: the 6–60 total of
    2011–2017 and the 8–80 total since 2018 are never joined."""
    years = series.years
    if not years or not series.segments:
        return ""
    left, right, top, bottom = 40, 10, 18, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(years) - 1, 1)
    x_of = {y: left + i * step for i, y in enumerate(years)}
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" '
            'aria-label="{}" class="trend-chart">',
            width,
            height,
            _("%(code)s of each year") % {"code": series.code},
        )
    ]
    for segment in series.segments:
        low, high = (float(v) for v in segment["scale"])
        x0, x1 = x_of[segment["years"][0]] - step / 2 + 2, x_of[segment["years"][-1]] + step / 2 - 2
        x0, x1 = max(x0, left - 2), min(x1, width - right + 2)

        def y_of(value, low=low, high=high):
            return top + plot_h - (float(value) - low) / (high - low) * plot_h

        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="#f6f8fa" stroke="#d0d7de"/>',
                _n(x0),
                top,
                _n(x1 - x0),
                _n(plot_h),
            )
        )
        label_x = x0 + 2 if segment is not series.segments[0] else 2
        anchor = "start"
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="9" fill="#57606a" text-anchor="{}">{}</text>'
                '<text x="{}" y="{}" font-size="9" fill="#57606a" text-anchor="{}">{}</text>',
                _n(label_x),
                top - 4,
                anchor,
                _fmt(high) if high != int(high) else int(high),
                _n(label_x),
                _n(top + plot_h - 3 if segment is not series.segments[0] else top + plot_h),
                anchor,
                _fmt(low) if low != int(low) else int(low),
            )
        )
        # the line: consecutive years of the segment that both have a score
        run: list[str] = []
        runs: list[list[str]] = []
        for year in segment["years"]:
            value = series.points.get(year)
            if value is None:
                if run:
                    runs.append(run)
                run = []
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" font-size="10" fill="#8c959f" text-anchor="middle">'
                        "<title>{}</title>–</text>",
                        _n(x_of[year]),
                        _n(top + plot_h / 2),
                        _("%(year)s: no score published") % {"year": year},
                    )
                )
                continue
            run.append(f"{x_of[year]:.1f},{y_of(value):.1f}")
        if run:
            runs.append(run)
        for points in runs:
            if len(points) > 1:
                parts.append(
                    format_html(
                        '<polyline points="{}" fill="none" stroke="#0b5cad" stroke-width="2"/>', " ".join(points)
                    )
                )
        for year in segment["years"]:
            value = series.points.get(year)
            if value is not None:
                parts.append(
                    format_html(
                        '<circle cx="{}" cy="{}" r="3" fill="#0b5cad"><title>{}: {}</title></circle>',
                        _n(x_of[year]),
                        _n(y_of(value)),
                        year,
                        _fmt(value),
                    )
                )
    for i, year in enumerate(years):
        if (len(years) - 1 - i) % 2 == 0:  # every other year, counted back from the latest
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="9" fill="#57606a" text-anchor="middle">{}</text>',
                    _n(x_of[year]),
                    height - 4,
                    year,
                )
            )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))


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


def boundary_map(shapes: dict, cells: dict, *, href) -> str:
    """The provinces' outlines (``analysis.shapes()``) filled by group; each links to its profile."""
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
                '<path d="{}" fill="{}" stroke="#ffffff" stroke-width="0.8"/></a>',
                href(cell["unit"]),
                location["code"] if location["id"] not in ("hoangsa", "truongsa") else "",
                title,
                title,
                location["path"],
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
