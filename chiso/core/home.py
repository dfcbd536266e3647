"""The home page is composed of panels that apps register (core knows none of them).

An app adds a panel in its ``AppConfig.ready``::

    home.register("indices/home_panel.html", dimensions_context, order=20)

``context`` takes the request and returns the panel's context (it runs only when the home page is rendered).

The to-do at the top of an official's home is built the same way: each app adds its lines ("plans to issue",
"reports due", later "remedies due") with ``home.register_todo(key, lines)``; core sorts them by date and counts
the working days left (Tết-aware, ``chiso.core.workdays``) without knowing any app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable
    order: int


_panels: dict[str, Panel] = {}


def register(template: str, context: Callable, order: int = 100) -> None:
    _panels[template] = Panel(template, context, order)


def panels(request) -> list[dict]:
    """The registered panels in order, each as ``{"template": …, "context": {…}}``; a panel whose context is
    ``None`` is not for this visitor (the staff directory's search, for one, is not shown to citizens)."""
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.template)):
        context = panel.context(request)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown


# --- the to-do: what is due, by role, each app contributing its lines ---------------------------------------------
@dataclass(frozen=True)
class Todo:
    """One line of a person's to-do: what to do (``text``, already in the reader's language), by when, where.

    ``kind`` is a stable code ("plan.issue", "report.due") for tests and styling; ``since`` marks a line that is
    not a deadline but something waiting since that day (a plan awaiting approval).
    """

    due_on: dt.date
    text: str
    url: str = ""
    kind: str = ""


@dataclass(frozen=True)
class TodoSource:
    key: str
    lines: Callable  # (user, today) -> iterable of Todo
    order: int


_todo_sources: dict[str, TodoSource] = {}
# Lines further than this (calendar days) are not shown: the to-do says what is due, not the year's plan.
HORIZON_DAYS = 45
LIMIT = 30


def register_todo(key: str, lines: Callable, order: int = 100) -> None:
    """An app adds lines to each person's to-do: ``lines(user, today)`` returns :class:`Todo` rows (a few
    queries at most, whatever the number of rows: the home page has a query budget)."""
    _todo_sources[key] = TodoSource(key, lines, order)


def todos(user, today: dt.date | None = None) -> list[dict]:
    """The person's to-do, soonest first: each row ``{"todo", "days", "state"}`` where ``days`` counts working
    days from today to the due date (negative when past) and ``state`` is overdue / today / soon / later."""
    if not (user and user.is_authenticated):
        return []
    today = today or timezone.localdate()
    rows = []
    for source in sorted(_todo_sources.values(), key=lambda s: (s.order, s.key)):
        rows += [t for t in source.lines(user, today) if t.due_on <= today + dt.timedelta(days=HORIZON_DAYS)]
    if not rows:
        return []
    from . import workdays  # its models: home is imported by apps' modules before the registry is ready

    cal = workdays.calendar()
    result = []
    for todo in sorted(rows, key=lambda t: (t.due_on, t.text))[:LIMIT]:
        days = cal.working_days_between(today, todo.due_on)
        if todo.due_on < today:
            state = "overdue"
        elif todo.due_on == today:
            state = "today"
        else:
            state = "soon" if days <= 5 else "later"
        result.append({"todo": todo, "days": abs(days), "state": state})
    return result
