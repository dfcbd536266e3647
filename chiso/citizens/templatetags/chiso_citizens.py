from django import template

register = template.Library()


@register.simple_tag
def tally_value(tally, key):
    """A column of a statistics tally by name; "—" where there is nothing to average."""
    value = getattr(tally, key)
    return "—" if value is None else value
