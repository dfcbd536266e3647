import datetime as dt

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def iso_date(value):
    """ "2025-07-05" (the reader's JSON) → "05/07/2025"; anything else as it is."""
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return value
