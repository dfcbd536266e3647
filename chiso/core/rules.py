"""Who may do what with the working-day calendar and the audit trail.

Registered by ``CoreConfig.ready``; the engine is ``chiso.core.permissions``.
"""

from .models import AuditEntry, CalendarException
from .permissions import Rule, register

register(
    Rule(unit_lookup=None, authenticated=frozenset({"view"})),
    CalendarException,
)

# The audit trail is read through the record it belongs to; listing it whole is for administrators.
register(
    Rule(unit_lookup=None),
    AuditEntry,
)
