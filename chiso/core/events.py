"""The audit trail's events: each entry stores a stable code (``plan.issued``) and JSON data, never a sentence.

Each app declares its events in its ``events.py`` (discovered at start-up, like ``permissions.py``)::

    events.register("plan.returned", _("Returned to draft"), _("Returned to draft: %(reason)s"))

The text is rendered when someone reads the entry, in the reader's language: ``label`` always, ``template``
when the entry's data holds every value it names (a reason typed by a person is data, shown as typed). A
template may also be a function of the data, for a sentence that depends on it. Plain changes need no
declaration: ``<model>.created`` / ``.updated`` / ``.deleted`` read as the action.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

# An entry migrated from the old free-text comment that matched no event: its text is kept as it was written.
NOTE = "audit.note"
PLAIN = {"created": "create", "updated": "update", "deleted": "delete"}
_NAMES = re.compile(r"%\((\w+)\)")


@dataclass(frozen=True)
class Event:
    code: str
    label: Promise | str
    template: Promise | str | Callable[[dict], str] | None = None

    def render(self, data: dict | None) -> str:
        data = data or {}
        if callable(self.template):
            return str(self.template(data))
        if self.template is not None:
            names = _NAMES.findall(str(self.template))
            if all(data.get(name) not in (None, "") for name in names):
                return str(self.template) % {name: data[name] for name in names}
        return str(self.label)


_registry: dict[str, Event] = {}


def register(code: str, label, template=None) -> Event:
    """Declare an event (called from an app's ``events.py``). ``code`` is ``<model>.<what happened>``."""
    if not re.fullmatch(r"[a-z_]+\.[a-z_]+", code):
        raise ImproperlyConfigured(f"An event code is <model>.<verb in the past>, in lower case: {code!r}")
    event = Event(code, label, template)
    if code in _registry and _registry[code] != event:
        raise ImproperlyConfigured(f"Two declarations of the event {code!r}")
    _registry[code] = event
    return event


def get(code: str) -> Event | None:
    return _registry.get(code)


def declared() -> dict[str, Event]:
    return dict(_registry)


def discover() -> None:
    """Import every installed app's ``events`` module (idempotent)."""

    autodiscover_modules("events")


def plain(model, action: str) -> str:
    """``plan.created`` for ``AuditEntry.Action.CREATE`` on a plan: the event of a change with no story."""
    verb = {value: key for key, value in PLAIN.items()}[action]
    return f"{model._meta.model_name}.{verb}"


def render(code: str, data: dict | None) -> str:
    """The entry's sentence in the active language; "" for a plain change (the action says it all)."""
    event = _registry.get(code)
    if event is not None:
        return event.render(data)
    if code.rsplit(".", 1)[-1] in PLAIN:
        return ""
    return code  # an event removed since the entry was written: its code still says what happened


register(NOTE, _("Note"), "%(text)s")
