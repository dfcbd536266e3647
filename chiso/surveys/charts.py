"""Indices with their intervals as server-drawn SVG (no JavaScript): a dot at the index, a bar across the 95%
interval, on a 0–100 axis. Readable without colour; the figures are also in the table beside each chart, and the
SVG carries a title and a description for screen readers."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

ROW, LEFT, RIGHT, TOP = 26, 190, 56, 22
LEVEL = {"level": "95%"}  # the confidence level, written as a number in every language


def _f(value) -> str:
    return f"{value:.1f}"


def _vn(value) -> str:
    return f"{value:.1f}".replace(".", ",")


def interval_chart(rows, *, title: str, width: int = 640, minimum: int | None = None) -> str:
    """``rows``: (label, Estimate, ranked or None). A row under the minimum sample is drawn hollow and dashed."""
    rows = [r for r in rows if r[1].mean is not None]
    if not rows:
        return ""
    height = TOP + ROW * len(rows) + 24
    plot = width - LEFT - RIGHT

    def x(value):
        return LEFT + plot * value / 100

    described = "; ".join(
        _("%(label)s: %(index)s (%(low)s–%(high)s, n=%(n)s)")
        % {
            "label": label,
            "index": _vn(e.mean),
            "low": _vn(e.low) if e.low is not None else "?",
            "high": _vn(e.high) if e.high is not None else "?",
            "n": e.n,
        }
        for label, e, _r in rows
    )
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" class="interval-chart"'
            ' aria-labelledby="{}-t {}-d"><title id="{}-t">{}</title><desc id="{}-d">{}</desc>',
            width,
            height,
            id(rows),
            id(rows),
            id(rows),
            title,
            id(rows),
            described,
        )  # fmt: skip
    ]
    for tick in range(0, 101, 25):
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d0d7de"/>'
                '<text x="{}" y="{}" font-size="10" fill="#3d444d" text-anchor="middle">{}</text>',
                _f(x(tick)),
                _f(x(tick)),
                TOP - 6,
                height - 20,
                _f(x(tick)),
                height - 6,
                tick,
            )  # fmt: skip
        )
    for i, (label, e, ranked) in enumerate(rows):
        y = TOP + ROW * i + ROW / 2
        short = label if len(label) <= 26 else label[:25] + "…"
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" fill="#1b1b1b" text-anchor="end">{}</text>',
                LEFT - 8,
                _f(y + 4),
                short,
            )  # fmt: skip
        )
        hollow = ranked is False
        if e.low is not None and e.high is not None:
            parts.append(
                format_html(
                    '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#0b5394" stroke-width="3"{}/>'
                    '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#0b5394"/>'
                    '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#0b5394"/>',
                    _f(x(e.low)),
                    _f(x(e.high)),
                    _f(y),
                    _f(y),
                    mark_safe(' stroke-dasharray="4 3"') if hollow else "",
                    _f(x(e.low)),
                    _f(x(e.low)),
                    _f(y - 6),
                    _f(y + 6),
                    _f(x(e.high)),
                    _f(x(e.high)),
                    _f(y - 6),
                    _f(y + 6),
                )  # fmt: skip
            )
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="5" fill="{}" stroke="#0b5394" stroke-width="2"/>'
                '<text x="{}" y="{}" font-size="11" fill="#1b1b1b">{}</text>',
                _f(x(e.mean)),
                _f(y),
                "#ffffff" if hollow else "#0b5394",
                width - RIGHT + 6,
                _f(y + 4),
                _vn(e.mean),
            )  # fmt: skip
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))


def legend() -> str:
    return format_html_join(
        " ",
        "<span>{}</span>",
        [
            (
                _(
                    "● index, bar: %(level)s confidence interval; "
                    "hollow and dashed: below the minimum sample, not ranked."
                )
                % LEVEL,
            )
        ],
    )
