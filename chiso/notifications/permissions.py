"""Who may do what with notices.

The policy's rules for this app's models; the engine is ``chiso.core.permissions``.
"""

from chiso.core.permissions import Rule, register

from .models import Notification

# A notice is its recipient's alone.
register(
    Rule(unit_lookup=None, self_lookup="recipient_id"),
    Notification,
)
