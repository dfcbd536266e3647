"""Who may do what with disclosure rules, duties and postings.

The policy's rules for this app's models; the engine is ``chiso.core.permissions``. What the public portal shows
(confirmed postings that are up, the documents of a posting on the web portal) is read by its own public views,
never through these rules.
"""

from chiso.core.permissions import ALL_ROLES, COORDINATOR, LEADER, OFFICER, Rule, register

from .models import DisclosureType, Duty, PlacePhoto, Posting, PostingDocument, PostingPlace

# The rules of the law are public to read. National rules (no unit) are kept by administrators; a coordinator keeps
# the rules of their own units.
register(
    Rule(
        unit_lookup="unit",
        public=frozenset({"view"}),
        roles={"add": frozenset({COORDINATOR}), "change": frozenset({COORDINATOR})},
    ),
    DisclosureType,
)

# What a unit must post: its officials and those above see it; the standing body and the officers record events.
register(
    Rule(
        unit_lookup="unit",
        roles={
            "view": ALL_ROLES,
            "add": frozenset({COORDINATOR, OFFICER}),
            "change": frozenset({COORDINATOR, OFFICER}),
        },
    ),
    Duty,
)

# Officers record postings; the committee's officials confirm them (the proof); the standing body or the leader
# withdraws a posting recorded wrongly.
register(
    Rule(
        unit_lookup="duty__unit",
        roles={
            "view": ALL_ROLES,
            "add": frozenset({COORDINATOR, OFFICER}),
            "change": frozenset({COORDINATOR, OFFICER}),
            "confirm": frozenset({COORDINATOR, OFFICER, LEADER}),
            "withdraw": frozenset({COORDINATOR, LEADER}),
        },
    ),
    Posting,
)

register(
    Rule(
        unit_lookup="posting__duty__unit",
        roles={"view": ALL_ROLES, "change": frozenset({COORDINATOR, OFFICER})},
    ),
    PostingPlace,
)

register(Rule(unit_lookup="place__posting__duty__unit", roles={"view": ALL_ROLES}), PlacePhoto)
register(Rule(unit_lookup="posting__duty__unit", roles={"view": ALL_ROLES}), PostingDocument)
