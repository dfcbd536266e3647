"""Display helpers shared by the generic templates."""

import datetime as dt

from django import template
from django.db.models import Manager, Model
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()


def _format(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return formats.date_format(value, "H:i d/m/Y")
    if isinstance(value, dt.date):
        return formats.date_format(value, "d/m/Y")
    if isinstance(value, Manager):
        value = list(value.all())
    if isinstance(value, (list, tuple, set)):
        if not value:
            return "—"
        return ", ".join(str(_format(v)) for v in value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return formats.date_format(dt.date.fromisoformat(value), "d/m/Y")
        except ValueError:
            return value
    return value


@register.simple_tag
def display(value):
    """A value as a reader expects it: dd/mm/yyyy dates, "—" for empty, Có/Không for booleans."""
    if isinstance(value, Model) and hasattr(value, "get_absolute_url"):
        return format_html('<a href="{}">{}</a>', value.get_absolute_url(), value)
    return _format(value)


@register.simple_tag
def cell(obj, attr):
    """The value of ``attr`` on ``obj`` for a table cell; ``attr`` may be dotted or a ``get_x_display``."""
    value = obj
    for part in attr.split("."):
        if value is None:
            break
        value = getattr(value, part, None)
        if callable(value) and not isinstance(value, Manager):
            value = value()
    return _format(value)


@register.simple_tag
def links(objects):
    return format_html_join(", ", '<a href="{}">{}</a>', ((o.get_absolute_url(), o) for o in objects)) or "—"
