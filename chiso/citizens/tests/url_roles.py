"""The URL × role rows of the citizens app (collected by ``tests/test_url_roles.py``)."""

from django.core.files.base import ContentFile

from chiso.citizens.models import FeedbackAttachment, RoutingRule
from chiso.citizens.tests.factories import DialogueFactory, FeedbackFactory, ReceptionSessionFactory, category
from tests.urlroles import (
    COORDINATE_IN_SCOPE,
    COORDINATORS,
    HISTORY_IN_SCOPE,
    HISTORY_OF_REFERENCE,
    admin_only,
    in_scope,
    login_required,
    public,
    row,
)

# Citizens: the portal is public; feedback (with contact details) is for its handlers — coordinators, officers and
# leaders of the unit and above; the inspector and the Front reach the inbox only for items routed to their agency.
HANDLERS_IN_SCOPE = {
    **in_scope(),
    "inspector": 404,
    "supervisor": 404,
}
OFFICIALS_405 = login_required(405)
FEEDBACK_VIEWERS = {**row(200, anonymous=302)}
RULE_VIEWERS = {**row(200, anonymous=302), "inspector": 403, "supervisor": 403}
RULE_IN_SCOPE = {**HANDLERS_IN_SCOPE, "inspector": 403, "supervisor": 403}
STATS = {**row(403, anonymous=302), **dict.fromkeys([*COORDINATORS, "leader", "admin_user"], 200)}
KEEPERS = ["province_coordinator", "district_coordinator", "district_officer", "commune_officer"]
KEEP_ADD = {**row(403, anonymous=302), **dict.fromkeys([*KEEPERS, "other_province_officer", "admin_user"], 200)}
KEEP_IN_SCOPE = {
    **row(403, anonymous=302),
    **dict.fromkeys([*KEEPERS, "admin_user"], 200),
    "other_province_officer": 404,
}
RECORD_IN_SCOPE = {**KEEP_IN_SCOPE, "leader": 200}
COMMIT_IN_SCOPE = {**COORDINATE_IN_SCOPE}


ROWS = {
    "citizens:portal": (None, public()),
    "citizens:portal_unit": ("unit_code", public()),
    "citizens:portal_answers": ("unit_code", public()),
    "citizens:feedback_submit": ("unit_code", public()),
    "citizens:feedback_lookup": (None, public()),
    "citizens:public_feedback": ("tracking", public()),
    "citizens:public_feedback_rate": ("tracking", public(405)),
    "citizens:public_feedback_confirm": ("tracking", public(405)),
    "citizens:feedback_list": (None, FEEDBACK_VIEWERS),
    "citizens:feedback_detail": ("feedback", HANDLERS_IN_SCOPE),
    "citizens:feedback_history": ("feedback", HANDLERS_IN_SCOPE),
    "citizens:feedback_action": ("feedback_action", OFFICIALS_405),
    "citizens:attachment_download": ("attachment", HANDLERS_IN_SCOPE),
    "citizens:statistics": (None, STATS),
    "citizens:routingrule_list": (None, RULE_VIEWERS),
    "citizens:routingrule_add": (None, {**admin_only(), **dict.fromkeys(COORDINATORS, 200)}),
    "citizens:routingrule_detail": ("routing_rule", RULE_IN_SCOPE),
    "citizens:routingrule_edit": ("routing_rule", COORDINATE_IN_SCOPE),
    "citizens:routingrule_delete": ("routing_rule", COORDINATE_IN_SCOPE),
    "citizens:routingrule_history": ("routing_rule", RULE_IN_SCOPE),
    "citizens:feedbackcategory_list": (None, public()),
    "citizens:feedbackcategory_add": (None, admin_only()),
    "citizens:feedbackcategory_detail": ("feedback_category", public()),
    "citizens:feedbackcategory_edit": ("feedback_category", admin_only()),
    "citizens:feedbackcategory_history": ("feedback_category", HISTORY_OF_REFERENCE),
    "citizens:receptionsession_list": (None, public()),
    "citizens:receptionsession_add": (None, KEEP_ADD),
    "citizens:receptionsession_detail": ("reception", public()),
    "citizens:receptionsession_edit": ("reception", KEEP_IN_SCOPE),
    "citizens:receptionsession_delete": ("reception", KEEP_IN_SCOPE),
    "citizens:receptionsession_history": ("reception", HISTORY_IN_SCOPE),
    "citizens:receptionsession_case": ("reception", RECORD_IN_SCOPE),
    "citizens:dialogue_list": (None, public()),
    "citizens:dialogue_add": (None, KEEP_ADD),
    "citizens:dialogue_detail": ("dialogue", public()),
    "citizens:dialogue_edit": ("dialogue", KEEP_IN_SCOPE),
    "citizens:dialogue_delete": ("dialogue", KEEP_IN_SCOPE),
    "citizens:dialogue_history": ("dialogue", HISTORY_IN_SCOPE),
    "citizens:dialogue_question": ("dialogue", RECORD_IN_SCOPE),
    "citizens:dialogue_results": ("dialogue", RECORD_IN_SCOPE),
    "citizens:dialogue_commitment": ("dialogue", COMMIT_IN_SCOPE),
    "public-feedback-create": (None, public(405)),
    "public-feedback-detail": ("tracking", public()),
    "public-unit-plan": ("unit_code", public()),
    "feedback-list": (None, login_required(anon=401)),
    "feedback-detail": ("feedback", {**HANDLERS_IN_SCOPE, "anonymous": 401}),
    **{
        f"feedback-{name}": ("feedback", login_required(405, anon=401))
        for name in ("accept", "reject", "merge", "transfer", "answer", "approve", "return-answer", "reopen")
    },
    "feedback-statistics": (None, {**STATS, "anonymous": 401}),
}


def objects(world, built):
    feedback = FeedbackFactory(unit=world.bach_sam, agency=world.ubnd_bach_sam)
    attachment = FeedbackAttachment(feedback=feedback, name="anh.jpg", size=4, content_type="image/jpeg")
    attachment.file.save("anh.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=True)
    return {
        "feedback": feedback,
        "feedback_action": {"pk": feedback.pk, "action": "accept"},
        "tracking": {"code": feedback.tracking_code},
        "unit_code": {"code": world.bach_sam.code},
        "attachment": attachment,
        "routing_rule": RoutingRule.objects.create(unit=world.bach_sam, agency=world.vp_bach_sam),
        "feedback_category": category(),
        "reception": ReceptionSessionFactory(unit=world.bach_sam),
        "dialogue": DialogueFactory(unit=world.bach_sam),
    }
