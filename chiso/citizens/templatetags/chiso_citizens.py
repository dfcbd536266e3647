from django import template
from django.utils.formats import number_format

from chiso.core.permissions import policy

from ..models import Feedback

register = template.Library()


@register.simple_tag
def tally_value(tally, key):
    """A column of a statistics tally by name; "—" where there is nothing to average."""
    value = getattr(tally, key)
    if value is None:
        return "—"
    # Averages are written as the rest of the interface writes numbers: "2,5" in Vietnamese, "2.5" in English.
    return number_format(value, decimal_pos=1) if isinstance(value, float) else value


@register.simple_tag
def may_see_statistics(user) -> bool:
    """Whether the inbox's tabs offer the statistics (the policy's ``stats`` on feedback): no tab that answers 403."""
    return policy.can(user, "stats", Feedback)
