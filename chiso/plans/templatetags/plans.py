"""The plan's task table rows, built in Python: with a few hundred rows the Django template loop was most of the
page's time (docs/benchmarks.md, "Plans")."""

from django import template
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from chiso.plans.decree30 import basis_text
from chiso.plans.models import Task

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
        subtitle = ""
        if task.activity and not tally and task.title != task.activity:
            subtitle = format_html('<div class="small text-muted">{}</div>', Truncator(task.title).chars(120))
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
