"""The home page is composed of panels that apps register (core knows none of them).

An app adds a panel in its ``AppConfig.ready``::

    home.register("indices/home_panel.html", dimensions_context, order=20)

``context`` takes the request and returns the panel's context (it runs only when the home page is rendered).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable
    order: int


_panels: dict[str, Panel] = {}


def register(template: str, context: Callable, order: int = 100) -> None:
    _panels[template] = Panel(template, context, order)


def panels(request) -> list[dict]:
    """The registered panels in order, each as ``{"template": …, "context": {…}}``."""
    return [
        {"template": p.template, "context": p.context(request)}
        for p in sorted(_panels.values(), key=lambda p: (p.order, p.template))
    ]
