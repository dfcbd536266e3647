"""The plan's task table rows, built in Python: with a few hundred rows the Django template loop was most of the
page's time (docs/benchmarks.md, "Plans")."""

from django import template
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from chiso.plans.decree30 import basis_text, short_date
from chiso.plans.models import Target, Task

register = template.Library()


STATUS_BADGES = {
    "done_on_time": "text-bg-success",
    "done_late": "text-bg-warning",
    "overdue": "text-bg-danger",
    "on_track": "text-bg-primary",
    "ongoing": "text-bg-info",
    "not_started": "text-bg-secondary",
}


@register.filter
def basis_line(doc) -> str:
    """A basis document as a plan cites it, the date as dd/mm/yyyy: "Kế hoạch số 03/KH-UBND ngày 03/01/2025 của
    UBND thị xã Mỹ Hào" (never "(2025-01-03)")."""
    return basis_text(doc or {})


@register.filter
def dmy(value) -> str:
    """A date, or the ISO date an importer keeps in its JSON, as dd/mm/yyyy ("2025-01-03" → "03/01/2025")."""
    return short_date(value) if value else ""


@register.filter
def target_meaning(target) -> str:
    """What the system understood of a target (a ``Target`` or the importer's dict), as an official says it:
    "Vào nhóm 50 đứng đầu", "Đạt điểm khá", "Đạt 36,5 điểm", "Xếp thứ 10", "Tăng 5 bậc" — never "top_n 50"."""
    get = target.get if isinstance(target, dict) else lambda name: getattr(target, name, "")
    kind, value = get("kind") or "", str(get("value") or "").strip()
    if kind == Target.Kind.TOP_N and value:
        return _("Among the top %(n)s") % {"n": value}
    if kind == Target.Kind.SCORE_BAND and value:
        return _("A “%(band)s” score") % {"band": value}
    if kind == Target.Kind.SCORE and value:
        return _("A score of %(score)s") % {"score": formats.number_format(value.replace(",", "."), use_l10n=True)}
    if kind == Target.Kind.RANK and value.startswith("+"):
        return _("Up %(n)s places") % {"n": value.lstrip("+ ")}
    if kind == Target.Kind.RANK and value:
        return _("Rank %(n)s") % {"n": value}
    return _("not read: kept as written")


@register.simple_tag
def status_badge(status):
    """A task's derived status as a coloured badge (a tag, not an include: the task table renders hundreds)."""
    if not status:
        return ""
    return format_html('<span class="badge {}">{}</span>', STATUS_BADGES.get(status, ""), Task.Status(status).label)


def _names(names):
    return format_html_join("", "<div>{}</div>", ((name,) for name in names))


@register.simple_tag
def task_rows(rows):
    html = []
    for row in rows:
        task, tally = row["task"], row["group_tally"]
        main = task.activity if task.activity and not tally else task.title
        subtitle = mark_safe("")  # kept safe when the pilots' badges are added to it alone
        if task.activity and not tally and task.title != task.activity:
            subtitle = format_html('<div class="small text-muted">{}</div>', Truncator(task.title).chars(120))
        if row.get("pilots"):
            subtitle += format_html(
                '<div class="small"><span class="visually-hidden">{}: </span>{}</div>',
                _("Pilot localities"),
                format_html_join(
                    " ",
                    '<span class="badge text-bg-info-subtle text-info-emphasis border">{}</span>',
                    ((name,) for name in row["pilots"]),
                ),
            )
        due = ""
        if task.due_on and task.timeframe_kind != "ongoing":
            due = format_html('<div class="text-muted">{}</div>', formats.date_format(task.due_on, "d/m/Y"))
        if tally:
            state = f"{tally.percent}%" if tally.percent is not None else ""
        else:
            percent = f" {task.percent}%" if task.timeframe_kind != "ongoing" and task.percent else ""
            state = format_html("{}{}", status_badge(row["status"]), percent)
        html.append(
            format_html(
                '<tr id="task-{}"{}><td>{}</td><td><a href="{}">{}</a>{}</td><td class="small">{}</td>'
                '<td class="small">{}</td><td class="small">{}{}</td><td class="small">{}</td><td class="small">{}</td>'
                "</tr>",
                task.pk,
                mark_safe(' class="table-secondary"') if tally else "",
                task.number,
                row["url"],
                Truncator(main).chars(220),
                subtitle,
                _names(row["lead"]),
                _names(row["coordinating"]),
                task.timeframe_text,
                due,
                " ".join(row["dimensions"]),
                state,
            )
        )
    return mark_safe("\n".join(html))
