"""Copying a record into a new one (last year's plan and its tasks, the new version of a reopened report)."""


def values_of(obj, names: str) -> dict:
    """``{name: obj.<name>}`` for each of ``names`` (separated by spaces): the values a copy keeps as they are,
    named once, so that the copy's call shows only what it changes."""
    return {name: getattr(obj, name) for name in names.split()}
