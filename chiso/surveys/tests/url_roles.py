"""The URL × role rows of the surveys app (collected by ``tests/test_url_roles.py``)."""

from chiso.surveys.tests.factories import make_survey
from tests.urlroles import COORDINATE_IN_SCOPE, COORDINATORS, in_scope, login_required, public, row

# Surveys of phường Bạch Sam: every official of the ward and above reads them; the standing body (coordinators)
# builds them; officers and coordinators enter paper forms; responses are read by those who act on them.
IN_SCOPE = in_scope()
ENTER_IN_SCOPE = {
    **row(403, anonymous=302, admin_user=200, other_province_officer=404),
    **dict.fromkeys(["province_coordinator", "district_coordinator", "district_officer", "commune_officer"], 200),
}
RESPONSES_IN_SCOPE = {**IN_SCOPE, "inspector": 403, "supervisor": 403}
POST_ONLY_FOR_COORDINATORS = {**row(403, anonymous=302), **dict.fromkeys([*COORDINATORS, "admin_user"], 405)}
ADD = {**row(403, anonymous=302), **dict.fromkeys([*COORDINATORS, "admin_user"], 200)}
API_IN_SCOPE = {**IN_SCOPE, "anonymous": 401}

ROWS = {
    "surveys:survey_list": (None, login_required()),
    "surveys:survey_add": (None, ADD),
    "surveys:survey_detail": ("survey", IN_SCOPE),
    "surveys:survey_edit": ("survey", COORDINATE_IN_SCOPE),
    "surveys:survey_history": ("survey", IN_SCOPE),
    "surveys:survey_transition": ("survey_open", login_required(405)),
    "surveys:question_add": ("survey", COORDINATE_IN_SCOPE),
    "surveys:question_edit": ("survey_question", COORDINATE_IN_SCOPE),
    "surveys:question_delete": ("survey_question", POST_ONLY_FOR_COORDINATORS),
    "surveys:survey_xlsform": ("survey", IN_SCOPE),
    "surveys:survey_xlsform_import": ("survey", COORDINATE_IN_SCOPE),
    "surveys:point_add": ("survey", COORDINATE_IN_SCOPE),
    "surveys:point_qr": ("survey_point", IN_SCOPE),
    "surveys:survey_entry": ("survey", ENTER_IN_SCOPE),
    "surveys:survey_import": ("survey", ENTER_IN_SCOPE),
    "surveys:survey_results": ("survey", IN_SCOPE),
    "surveys:survey_draft_task": ("survey", login_required(405)),
    "surveys:survey_responses_xlsx": ("survey", RESPONSES_IN_SCOPE),
    "surveys:survey_indices_xlsx": ("survey", IN_SCOPE),
    "surveys:survey_summary_docx": ("survey", IN_SCOPE),
    "surveys:public_form": ("survey_token", public()),
    "surveys:public_qr": ("survey_token", public()),
    "surveys:public_results": ("survey", public()),
    "survey-list": (None, login_required(anon=401)),
    "survey-detail": ("survey", API_IN_SCOPE),
    "survey-questions": ("survey", API_IN_SCOPE),
    "survey-indices": ("survey", API_IN_SCOPE),
    "survey-responses": ("survey", {**RESPONSES_IN_SCOPE, "anonymous": 401}),
}


def objects(world, built):
    survey = make_survey(world.bach_sam, results_public=True)
    point = survey.points.get()
    return {
        "survey": survey,
        "survey_open": {"pk": survey.pk, "action": "open"},
        "survey_question": survey.questions.first(),
        "survey_point": point,
        "survey_token": {"token": point.token},
    }
