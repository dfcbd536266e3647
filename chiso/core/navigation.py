"""The main menu, filled by the apps: each registers its entries in its ``AppConfig.ready``::

    navigation.register(_("Plans"), "plans:plan_list", order=10)
    navigation.register(_("PAPI results"), "results:results_map", group=navigation.PAPI, order=10, public_order=20)

Officials see the entries in their order, grouped under the menus below; visitors without an account see the
entries that have a ``public_order``, flat. Core knows the menu's shape, not what is in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The drop-down menus of officials, in their order after the top-level entries.
PAPI, DIRECTORY, ADMINISTRATION = "papi", "directory", "administration"
GROUPS = {PAPI: ("PAPI", 50), DIRECTORY: (_("Directory"), 60), ADMINISTRATION: (_("Administration"), 70)}


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    group: str | None
    order: int
    public_order: int | None


_entries: dict[str, Entry] = {}
# The two menus (officials', visitors'), built once per process: they depend on the registrations only (labels are
# lazy and translated when rendered, addresses fixed by the URL configuration).
_built: dict[bool, list[dict]] = {}


def register(label, url_name: str, *, group: str | None = None, order: int = 100, public_order: int | None = None):
    if group is not None and group not in GROUPS:
        raise ValueError(f"Unknown menu group {group!r}: one of {sorted(GROUPS)}")
    _entries[url_name] = Entry(label, url_name, group, order, public_order)
    _built.clear()


def _link(entry: Entry) -> dict:
    return {"label": entry.label, "url": reverse(entry.url_name)}


def menu(user) -> list[dict]:
    """``[{"label", "url"} | {"label", "children": [...]}, …]`` for this user (the same for every official)."""
    official = bool(user and user.is_authenticated)
    if official not in _built:
        _built[official] = _menu(official)
    return _built[official]


def _menu(official: bool) -> list[dict]:
    entries = sorted(_entries.values(), key=lambda e: (e.order, e.url_name))
    if not official:
        public = sorted((e for e in entries if e.public_order is not None), key=lambda e: e.public_order)
        return [_link(e) for e in public]
    top = [(e.order, _link(e)) for e in entries if e.group is None]
    for key, (label, order) in GROUPS.items():
        children = [_link(e) for e in entries if e.group == key]
        if children:
            top.append((order, {"label": label, "children": children}))
    return [item for _order, item in sorted(top, key=lambda pair: pair[0])]
