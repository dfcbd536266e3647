"""Server-rendered SVG charts of the dashboards (no script, no CDN; they print as they show): a stacked bar per
row — on time, late, overdue, within term — with the numbers written beside it for readers who cannot tell the
colours apart, and a title and description for screen readers."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# Colours with a contrast of at least 3:1 against white (WCAG 1.4.11), told apart by their order and the legend.
COLOURS = {
    "tasks.on_time": "#1e7d32",
    "tasks.late": "#b26a00",
    "tasks.overdue": "#b3261e",
    "tasks.open": "#5c6b7a",
}


def stacked_bars(
    rows: list[tuple[str, dict[str, int]]], *, title: str, width: int = 640, bar: int = 18, label_width: int = 200
) -> str:
    """``rows``: (label, {figure key: n}) in the order of ``COLOURS``; one bar each, scaled to the largest total."""
    keys = list(COLOURS)
    gap = 8
    height = len(rows) * (bar + gap) + 4
    biggest = max([sum(values.get(k, 0) for k in keys) for _label, values in rows] + [1])
    scale = (width - label_width - 100) / biggest
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dash-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="t-{id(rows)}">',
        f'<title id="t-{id(rows)}">{escape(title)}</title>',
    ]
    for index, (label, values) in enumerate(rows):
        y = index * (bar + gap)
        parts.append(
            f'<text x="0" y="{y + bar - 4}" font-size="12" fill="#212529">{escape(label[: label_width // 6])}</text>'
        )
        x = float(label_width)
        summary = []
        for key in keys:
            n = values.get(key, 0)
            if n:
                w = n * scale
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{COLOURS[key]}">'
                    f"<title>{escape(LABELS()[key])}: {n}</title></rect>"
                )
                x += w
            summary.append(str(n))
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + bar - 4}" font-size="11" fill="#212529">{" / ".join(summary)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped


def legend() -> list[tuple[str, str]]:
    """(colour, label) of the bars, shown under a chart as HTML."""
    return [(COLOURS[k], v) for k, v in LABELS().items()]


def LABELS() -> dict[str, str]:  # noqa: N802 — read in the active language each time
    return {
        "tasks.on_time": _("Completed on time"),
        "tasks.late": _("Completed late"),
        "tasks.overdue": _("Unfinished, overdue"),
        "tasks.open": _("Unfinished, within term"),
    }
