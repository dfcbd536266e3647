"""Who may do what with citizens' feedback, reception sessions and dialogues.

The policy's rules for this app's models; the engine is ``chiso.core.permissions``.
"""

from chiso.core.permissions import COORDINATOR, LEADER, OFFICER, REFERENCE, Rule, register

from .models import (
    Dialogue,
    DialogueCommitment,
    Feedback,
    FeedbackAttachment,
    FeedbackCategory,
    ReceptionSession,
    RoutingRule,
)

# Citizens' feedback carries contact details: only its handlers see it — officers, leaders and the
# standing body of the unit and above, and anyone in the agency it was routed to. Leaders publish.
register(
    REFERENCE,
    FeedbackCategory,
)

register(
    Rule(
        unit_lookup="unit",
        roles={
            "view": frozenset({COORDINATOR, OFFICER, LEADER}),
            "handle": frozenset({COORDINATOR, OFFICER}),
            "approve": frozenset({LEADER}),
            "stats": frozenset({COORDINATOR, LEADER}),
        },
        agency_lookup="agency",
        agency_actions=frozenset({"view", "handle"}),
    ),
    Feedback,
)

register(
    Rule(
        unit_lookup="feedback__unit",
        roles={"view": frozenset({COORDINATOR, OFFICER, LEADER})},
        agency_lookup="feedback__agency",
        agency_actions=frozenset({"view"}),
    ),
    FeedbackAttachment,
)

register(
    Rule(
        unit_lookup="unit",
        roles={
            "view": frozenset({COORDINATOR, OFFICER, LEADER}),
            "add": frozenset({COORDINATOR}),
            "change": frozenset({COORDINATOR}),
            "delete": frozenset({COORDINATOR}),
        },
    ),
    RoutingRule,
)

# The reception schedule and dialogues are public; the unit's officers keep them.
register(
    Rule(
        unit_lookup="unit",
        public=frozenset({"view"}),
        roles={
            "add": frozenset({COORDINATOR, OFFICER}),
            "change": frozenset({COORDINATOR, OFFICER}),
            "delete": frozenset({COORDINATOR, OFFICER}),
            "record": frozenset({COORDINATOR, OFFICER, LEADER}),
        },
    ),
    ReceptionSession,
)

register(
    Rule(
        unit_lookup="unit",
        public=frozenset({"view"}),
        roles={
            "add": frozenset({COORDINATOR, OFFICER}),
            "change": frozenset({COORDINATOR, OFFICER}),
            "delete": frozenset({COORDINATOR, OFFICER}),
            "record": frozenset({COORDINATOR, OFFICER, LEADER}),
            "commit": frozenset({COORDINATOR}),
        },
    ),
    Dialogue,
)

register(
    Rule(unit_lookup="dialogue__unit", public=frozenset({"view"})),
    DialogueCommitment,
)
