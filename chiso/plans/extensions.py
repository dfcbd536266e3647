"""What the apps above plans add to the plan pages, without plans importing them.

Plans sit below imports and results in the layers (they build on plans); those apps register here in their
``AppConfig.ready``: the import app adds its link to the plan list, the results app checks targets against the
published scores and adds its tab to the plan page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    allowed: Callable  # user → bool


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    url_name: str  # reversed with the plan's pk
    order: int


plan_list_links: list[Link] = []
_plan_tabs: list[Tab] = []
_target_checkers: list[Callable] = []


def add_plan_list_link(label, url_name: str, allowed: Callable) -> None:
    if all(link.url_name != url_name for link in plan_list_links):
        plan_list_links.append(Link(label, url_name, allowed))


def set_target_checker(check: Callable) -> None:
    """``check(plan)`` → the plan's targets, each judged against the published results."""
    _target_checkers[:] = [check]


def target_checks(plan) -> list:
    return _target_checkers[0](plan) if _target_checkers else []


def add_plan_tab(key: str, label, url_name: str, order: int) -> None:
    """A tab of the plan page beside the tasks (coverage, the lower units' plans, results and gaps)."""
    if all(tab.key != key for tab in _plan_tabs):
        _plan_tabs.append(Tab(key, label, url_name, order))
        _plan_tabs.sort(key=lambda tab: tab.order)


def plan_tabs(plan) -> list[dict]:
    return [{"key": t.key, "label": t.label, "url": reverse(t.url_name, args=[plan.pk])} for t in _plan_tabs]


def plan_tab_frame(plan, tab: str) -> dict:
    """What every tab of the plan page shows around its own content: the plan, the tabs with ``tab`` active, the
    history and list links. The tabs of the apps above plans render the same frame, so it is said once here."""
    return {
        "object": plan,
        "plan": plan,
        "active_tab": tab,
        "extra_tabs": plan_tabs(plan),
        "history_url": reverse("plans:plan_history", args=[plan.pk]),
        "list_url": reverse("plans:plan_list"),
        "verbose_name_plural": plan._meta.verbose_name_plural,
    }
