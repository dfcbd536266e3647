"""What the apps above citizens add to a unit's public portal page, without citizens importing them.

An app registers a section in its ``AppConfig.ready``::

    from chiso.citizens.extensions import add_portal_section
    add_portal_section("disclosures", "disclosures/portal_section.html", portal_context, order=20)

``context(unit, today)`` returns the template's context (a dict) or ``None`` to leave the section out for that unit.
The section is rendered inside the page's HTML cache (a minute per unit and language), so what it shows may be up to
a minute old and it must show only what the public may see. Its template gets ``unit`` and ``section`` (the dict).
Sections come after the unit's plan, answers, reception and dialogues, before the units below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PortalSection:
    key: str
    template: str
    context: Callable  # (unit, today) → dict | None
    order: int


_sections: list[PortalSection] = []


def add_portal_section(key: str, template: str, context: Callable, order: int = 100) -> None:
    if all(section.key != key for section in _sections):
        _sections.append(PortalSection(key, template, context, order))
        _sections.sort(key=lambda section: section.order)


def portal_sections(unit, today) -> list[dict]:
    """The registered sections that have something for this unit: ``{"key", "template", "section"}`` each."""
    shown = []
    for section in _sections:
        context = section.context(unit, today)
        if context is not None:
            shown.append({"key": section.key, "template": section.template, "section": context})
    return shown
