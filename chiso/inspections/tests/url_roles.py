"""The URL × role rows of the inspections app (collected by ``tests/test_url_roles.py``)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from chiso.inspections import services
from tests.urlroles import in_scope, login_required, row

from .factories import admin, finding_and_remedy, town_inspection

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)

# The town's planners (coordinators and inspectors of Mỹ Hào and above) and the administrator.
PLANNERS = ["province_coordinator", "district_coordinator", "inspector", "admin_user"]


def conduct(supervisor=403):
    """A page of the inspection team: planners 200; supervisors pass the model gate but are refused on an
    inspection (403); other officials 403; the other province 404."""
    table = row(403, anonymous=302, other_province_officer=404, supervisor=supervisor)
    for persona in PLANNERS:
        table[persona] = 200
    return table


def post_only(refused=(), status=405):
    """POST-only URLs: 405 to a GET from whoever passes the model gate, 403 before it for ``refused``."""
    return {**row(status, anonymous=302), **dict.fromkeys(refused, 403)}


# Leaders approve: the Bạch Sam chair passes the model gate but the town's record is out of reach (404); everyone
# else is refused at the gate (403).
LEADERS_ONLY = {**row(403, anonymous=302, admin_user=200), "leader": 404}
NOT_ACTING = ["district_officer", "commune_officer", "leader"]
# The responsible agency (Bạch Sam's officials) reports; the town's coordinators and officers see the remedy but
# do not act for Bạch Sam (404); inspectors and supervisors never act (403).
REPORT = {
    **row(404, anonymous=302, admin_user=200, commune_officer=200, leader=200),
    "inspector": 403,
    "supervisor": 403,
}
VERIFY = {**in_scope(), **dict.fromkeys(NOT_ACTING, 403)}


# Officials who see the inspection of Bạch Sam: the town's subtree and Bạch Sam's own agencies.
SEE = in_scope()
ADD_PLAN = {**row(403, anonymous=302, other_province_officer=200), **dict.fromkeys(PLANNERS, 200)}
# Supervisors add their own supervision visits.
ADD_INSPECTION = {**ADD_PLAN, "supervisor": 200}

ROWS = {
    "inspections:home": ("", login_required()),
    "inspections:remedy_list": ("", login_required()),
    "inspections:inspectionplan_add": ("", ADD_PLAN),
    "inspections:inspectionplan_detail": ("inspectionplan", SEE),
    "inspections:inspectionplan_history": ("inspectionplan", SEE),
    "inspections:inspectionplan_submit": ("inspectionplan", post_only([*NOT_ACTING, "supervisor"])),
    "inspections:inspectionplan_issue": ("inspectionplan", LEADERS_ONLY),
    "inspections:plan_tab": ("plan", SEE),
    "inspections:inspection_add": ("", ADD_INSPECTION),
    "inspections:inspection_detail": ("inspection", SEE),
    "inspections:inspection_history": ("inspection", SEE),
    "inspections:inspection_decide": ("inspection", conduct()),
    "inspections:inspection_checklist": ("inspection", post_only(NOT_ACTING)),
    "inspections:inspection_evidence": ("inspection", post_only(NOT_ACTING)),
    "inspections:finding_add": ("inspection", conduct()),
    "inspections:inspection_conclude": ("inspection", conduct()),
    "inspections:inspection_approve": ("inspection", LEADERS_ONLY),
    "inspections:inspection_return": ("inspection", LEADERS_ONLY),
    "inspections:inspection_publish": ("inspection", post_only(["district_officer", "commune_officer", "supervisor"])),
    "inspections:inspection_close": ("inspection", conduct()),
    "inspections:decision_docx": ("inspection", SEE),
    "inspections:conclusion_docx": ("inspection", SEE),
    "inspections:remedy_add": ("finding", conduct()),
    "inspections:remedy_report": ("remedy", REPORT),
    "inspections:remedy_answer": ("remedy", REPORT),
    "inspections:remedy_verify": ("remedy", VERIFY),
    "inspections:remedy_reopen": ("remedy", VERIFY),
    "inspections:evidence_download": ("inspection_evidence", SEE),
    "inspections:remedy_evidence_download": ("remedy_evidence", SEE),
    # API
    "inspections-plan-list": ("", login_required(anon=401)),
    "inspections-plan-detail": ("inspectionplan", in_scope(anon=401)),
    "inspections-plan-submit": ("inspectionplan", login_required(405, anon=401)),
    "inspections-plan-issue": ("inspectionplan", login_required(405, anon=401)),
    "inspections-inspection-list": ("", login_required(anon=401)),
    "inspections-inspection-detail": ("inspection", in_scope(anon=401)),
    "inspections-inspection-decide": ("inspection", login_required(405, anon=401)),
    "inspections-inspection-findings": ("inspection", in_scope(anon=401)),
    "inspections-inspection-conclude": ("inspection", login_required(405, anon=401)),
    "inspections-inspection-approve": ("inspection", login_required(405, anon=401)),
    "inspections-inspection-publish": ("inspection", login_required(405, anon=401)),
    "inspections-inspection-close": ("inspection", login_required(405, anon=401)),
    "inspections-finding-list": ("", login_required(anon=401)),
    "inspections-finding-detail": ("finding", in_scope(anon=401)),
    "inspections-finding-remedies": ("finding", login_required(405, anon=401)),
    "inspections-remedy-list": ("", login_required(anon=401)),
    "inspections-remedy-detail": ("remedy", in_scope(anon=401)),
    "inspections-remedy-report-done": ("remedy", login_required(405, anon=401)),
    "inspections-remedy-verify": ("remedy", login_required(405, anon=401)),
    "inspections-remedy-reopen": ("remedy", login_required(405, anon=401)),
    "inspections-remedy-answer": ("remedy", login_required(405, anon=401)),
}


def objects(world, built):
    """The town's inspection of Bạch Sam's one-stop counter (decided), a piece of evidence, a finding and its remedy
    reported done with a photo."""
    actor = admin()
    inspection = town_inspection(world, actor=actor)
    evidence = services.add_evidence(inspection, actor=actor, upload=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 x"))
    finding, remedy = finding_and_remedy(inspection, actor=actor, agency=world.vp_bach_sam)
    report = services.report_remedy(
        remedy, actor=actor, text="Đã niêm yết", files=[SimpleUploadedFile("anh.png", PNG, content_type="image/png")]
    )
    return {
        "inspectionplan": inspection.plan,
        "inspection": inspection,
        "finding": finding,
        "remedy": remedy,
        "inspection_evidence": evidence,
        "remedy_evidence": report.evidence.get(),
    }
