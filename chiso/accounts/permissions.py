"""Who may do what with people and their role assignments.

The policy's rules for this app's models; the engine is ``chiso.core.permissions``.
"""

from chiso.core.permissions import ALL_ROLES, Rule, register

from .models import Membership, User

# People: officials see the people of their subtree; only administrators grant roles.
register(
    Rule(
        unit_lookup="memberships__agency__unit",
        roles={"view": ALL_ROLES},
        self_lookup="pk",
        distinct=True,
    ),
    User,
)

register(
    Rule(unit_lookup="agency__unit", roles={"view": ALL_ROLES}, self_lookup="user_id"),
    Membership,
)
