"""Walk a URLconf: every pattern with its full name, route and callback (Zulip's URL coverage idea)."""

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
