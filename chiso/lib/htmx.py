"""htmx helpers: one view renders a full page or a partial, depending on who asks."""


def is_partial(request) -> bool:
    """True when htmx asks for a fragment (and not for a whole-page boosted navigation)."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"
