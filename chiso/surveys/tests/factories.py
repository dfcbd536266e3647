"""Surveys for tests: a survey of a unit from one of the seeded templates, open, with its unit's point."""

from chiso.surveys.models import CollectionPoint, Survey, SurveyTemplate
from chiso.surveys.reference import load_templates


def template(key="one-stop"):
    if not SurveyTemplate.objects.filter(key=key).exists():
        load_templates()
    return SurveyTemplate.objects.get(key=key)


def make_survey(unit, *, key="one-stop", status=Survey.Status.OPEN, **fields):
    """A survey with the template's questions, straight into the database (no actor: a fixture, not a use)."""
    from chiso.surveys.services import _replace_questions

    tpl = template(key)
    survey = Survey.objects.create(unit=unit, title=tpl.title, template_key=key, status=status, **fields)
    _replace_questions(survey, tpl.definition)
    CollectionPoint.objects.create(survey=survey, unit=unit)
    return survey
