"""Who may do what with surveys, their questions, collection points and responses.

The standing body (coordinator) builds and opens a unit's surveys; officers of the unit also enter paper forms
and import files; every official of the unit and above reads the results. Citizens answer through the public
link and read the results a survey publishes (public views, not this policy's ``view``).
"""

from chiso.core.permissions import ALL_ROLES, COORDINATOR, LEADER, OFFICER, REFERENCE, Rule, register

from .models import CollectionPoint, Question, Response, Survey, SurveyTemplate

register(REFERENCE, SurveyTemplate)

register(
    Rule(
        unit_lookup="unit",
        roles={
            "view": ALL_ROLES,
            "add": frozenset({COORDINATOR}),
            "change": frozenset({COORDINATOR}),
            "delete": frozenset({COORDINATOR}),
            "open": frozenset({COORDINATOR, LEADER}),
            "close": frozenset({COORDINATOR, LEADER}),
            "enter": frozenset({COORDINATOR, OFFICER}),
        },
    ),
    Survey,
)

register(
    Rule(
        unit_lookup="survey__unit",
        roles={
            "view": ALL_ROLES,
            "add": frozenset({COORDINATOR}),
            "change": frozenset({COORDINATOR}),
            "delete": frozenset({COORDINATOR}),
        },
    ),
    Question,
    CollectionPoint,
)

# Responses are anonymous, but free text may name people: officials who act on the unit's surveys read them.
register(
    Rule(
        unit_lookup="survey__unit",
        roles={"view": frozenset({COORDINATOR, OFFICER, LEADER}), "add": frozenset({COORDINATOR, OFFICER})},
    ),
    Response,
)
