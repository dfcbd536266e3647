"""What the apps above reporting add to a consolidated report, without reporting importing them.

An app (inspections, disclosures, surveys…) registers a section builder in its ``AppConfig.ready``::

    from chiso.reporting.extensions import add_report_section
    add_report_section("inspections", build_inspection_section, order=10)

``build(unit, period)`` returns ``None`` when it has nothing for that unit and period, or a dict that can be stored
as JSON: ``{"title": str, "text": str, "header": [str, …], "rows": [[str, …], …]}`` (``text``, ``header`` and
``rows`` optional). It is called inside ``translation.override("vi")`` when the report is built or rebuilt, because
the report is an official document in Vietnamese; its result is kept in ``figures["sections"]`` so that the page and
the .docx show the report as it was consolidated, not as the records are later.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import translation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Section:
    key: str
    build: Callable  # (unit, period) → dict | None
    order: int


_sections: list[Section] = []


def add_report_section(key: str, build: Callable, order: int = 100) -> None:
    if all(section.key != key for section in _sections):
        _sections.append(Section(key, build, order))
        _sections.sort(key=lambda section: section.order)


def build_sections(unit, period) -> list[dict]:
    """Every registered section that has something for this unit and period, in order, as plain JSON data."""
    built = []
    with translation.override("vi"):
        for section in _sections:
            data = section.build(unit, period)
            if not data:
                continue
            built.append(
                {
                    "key": section.key,
                    "title": str(data["title"]),
                    "text": str(data.get("text") or ""),
                    "header": [str(cell) for cell in data.get("header") or []],
                    "rows": [[str(cell) for cell in row] for row in data.get("rows") or []],
                }
            )
    return built
