"""What the apps above plans add to the plan pages, without plans importing them.

Plans sit below imports and results in the layers (they build on plans); those apps register here in their
``AppConfig.ready``: the import app adds its link to the plan list, the results app checks targets against the
published scores.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    allowed: Callable  # user → bool


plan_list_links: list[Link] = []
_target_checkers: list[Callable] = []


def add_plan_list_link(label, url_name: str, allowed: Callable) -> None:
    if all(link.url_name != url_name for link in plan_list_links):
        plan_list_links.append(Link(label, url_name, allowed))


def set_target_checker(check: Callable) -> None:
    """``check(plan)`` → the plan's targets, each judged against the published results."""
    _target_checkers[:] = [check]


def target_checks(plan) -> list:
    return _target_checkers[0](plan) if _target_checkers else []
