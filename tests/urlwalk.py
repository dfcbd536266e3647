"""Walk a URLconf: every pattern with its full name, route and callback (Zulip's URL coverage idea)."""

import importlib

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver


def walk(patterns=None, namespace=None, prefix=""):
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full_ns = ":".join(filter(None, [namespace, ns])) if ns else namespace
            yield from walk(entry.url_patterns, full_ns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = entry.name
            full = f"{namespace}:{name}" if namespace and name else name
            yield full, prefix + str(entry.pattern), entry.callback


def undeclared(patterns=None):
    """Routes whose view declares no permission: each is a security hole the middleware will refuse."""
    from chiso.core.permissions import declaration_of

    return [(name, route) for name, route, callback in walk(patterns) if declaration_of(callback) is None]


def app_modules(name: str) -> list:
    """The ``tests.<name>`` module of every project app that has one, in INSTALLED_APPS order: each app declares
    its own URL-role rows and API reference cases beside its code, and the central tests collect them."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("chiso."):
            continue
        try:
            found.append(importlib.import_module(f"{config.name}.tests.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name not in (f"{config.name}.tests", f"{config.name}.tests.{name}"):
                raise
    return found
