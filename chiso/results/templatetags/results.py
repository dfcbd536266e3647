"""The cells of a score line, written by one Python tag: the profile table has ~45 lines of 8 cells, and a
template include per line with ``floatformat`` on every number cost more than the rest of the page."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

# A group computed (not published) carries a mark, explained under every table that shows one.
BASIS_MARK = {"computed": "*", "partial": "†"}


def number(value, places: int = 2, *, signed: bool = False) -> str:
    """ "1,23" in Vietnamese, "1.23" in English; "–" for a gap."""
    if value is None:
        return "–"
    text = f"{float(value):+.{places}f}" if signed else f"{float(value):.{places}f}"
    return text.replace(".", ",") if get_language() != "en" else text


def scale_text(scale) -> str:
    low, high = scale
    return f"{number(low, 0 if low == int(low) else 2)}–{number(high, 0 if high == int(high) else 2)}"


@register.simple_tag(name="num")
def num_tag(value):
    return number(value)


@register.simple_tag(name="scale")
def scale_tag(scale):
    return scale_text(scale)


@register.simple_tag
def score_cells(line, year):
    """The eight cells after the name: score, scale, rank, group, change, median, min / max, best province."""
    if line.change is not None:
        arrow = "▲ " if line.change > 0 else ("▼ " if line.change < 0 else "")
        change = format_html("{}{}", arrow, number(line.change, signed=line.change > 0))
    elif not line.comparable:
        change = format_html(
            '<span class="text-muted small" title="{}">{}</span>',
            _("Not comparable with the previous year: the scale or the structure changed."),
            _("n/c"),
        )
    else:
        change = "–"
    group = (
        format_html(
            '<span class="badge group-badge group-{}" title="{}">{}{}</span>',
            line.group,
            line.basis_label,
            line.group,
            BASIS_MARK.get(line.basis, ""),
        )
        if line.group
        else mark_safe('<span class="text-muted">–</span>')
    )
    best = format_html_join(
        ", ",
        '<a href="{}?year={}">{}</a>',
        ((reverse("results:province_profile", args=[u.code]), year, u.name) for u in line.best),
    )
    return format_html(
        '<td class="text-end fw-semibold">{}</td><td class="text-muted small text-nowrap">{}</td>'
        '<td class="text-nowrap">{}</td><td>{}</td><td class="text-end text-nowrap">{}</td>'
        '<td class="text-end">{}</td><td class="text-end text-nowrap">{} / {}</td><td class="small">{}</td>',
        number(line.value),
        scale_text(line.scale),
        f"{line.rank}/{line.of}" if line.rank else "–",
        group,
        change,
        number(line.median),
        number(line.minimum),
        number(line.maximum),
        best,
    )
