"""Every URL pattern and API route, requested as every persona, answers what the policy says.

Guard 1 of STYLE.md: when a new URL is added, this test fails until its row is added to ``EXPECTED``;
when a view declares no permission, ``test_every_view_declares_a_policy`` fails (and the middleware
answers 403 to it at run time — see ``test_undeclared_view_is_caught``).
"""

import datetime as dt

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import include, path, reverse

from chiso.accounts.models import Membership
from chiso.accounts.tests.factories import MembershipFactory, UserFactory
from chiso.core.models import CalendarException
from chiso.indices.models import Dimension, Index, Indicator, Score
from chiso.notifications.models import Notification
from conftest import PERSONAS
from tests.urlwalk import undeclared, walk

ANON = "anonymous"
ADMIN = "admin_user"
OFFICIALS = [p for p in PERSONAS if p not in (ANON, ADMIN)]
COORDINATORS = ["province_coordinator", "district_coordinator", "other_province_officer"]
# Personas whose subtree contains phường Bạch Sam (the home of the objects below).
IN_BACH_SAM_SCOPE = [
    "province_coordinator",
    "district_coordinator",
    "district_officer",
    "commune_officer",
    "leader",
    "inspector",
    "supervisor",
]


def row(default, **overrides):
    table = dict.fromkeys(PERSONAS, default)
    for persona, status in overrides.items():
        table[persona] = status
    return table


def public(status=200):
    return row(status)


def login_required(status=200, anon=302):
    return row(status, anonymous=anon)


def admin_only(anon=302):
    return row(403, anonymous=anon, admin_user=200)


def in_scope(anon=302, outside=404):
    table = row(outside, anonymous=anon, admin_user=200)
    for p in IN_BACH_SAM_SCOPE:
        table[p] = 200
    return table


# Coordinators whose subtree holds Bạch Sam may change its records; the other province's gets a 404.
COORDINATE_IN_SCOPE = {
    **admin_only(),
    "province_coordinator": 200,
    "district_coordinator": 200,
    "other_province_officer": 404,
}

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
CITIZENS = {
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
    "citizens:feedbackcategory_history": ("feedback_category", public()),
    "citizens:receptionsession_list": (None, public()),
    "citizens:receptionsession_add": (None, KEEP_ADD),
    "citizens:receptionsession_detail": ("reception", public()),
    "citizens:receptionsession_edit": ("reception", KEEP_IN_SCOPE),
    "citizens:receptionsession_delete": ("reception", KEEP_IN_SCOPE),
    "citizens:receptionsession_history": ("reception", public()),
    "citizens:receptionsession_case": ("reception", RECORD_IN_SCOPE),
    "citizens:dialogue_list": (None, public()),
    "citizens:dialogue_add": (None, KEEP_ADD),
    "citizens:dialogue_detail": ("dialogue", public()),
    "citizens:dialogue_edit": ("dialogue", KEEP_IN_SCOPE),
    "citizens:dialogue_delete": ("dialogue", KEEP_IN_SCOPE),
    "citizens:dialogue_history": ("dialogue", public()),
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

# url name → (kwargs builder, {persona: expected status for GET})
EXPECTED = {
    "core:home": (None, public()),
    "core:set_language": (None, public(302)),
    "accounts:switch_membership": (None, login_required(405)),
    "core:workdays": (None, login_required()),
    "core:calendarexception_list": (None, login_required()),
    "core:calendarexception_add": (None, admin_only()),
    "core:calendarexception_detail": ("calendar", login_required()),
    "core:calendarexception_edit": ("calendar", admin_only()),
    "core:calendarexception_delete": ("calendar", admin_only()),
    "core:calendarexception_history": ("calendar", login_required()),
    "accounts:login": (None, row(302, anonymous=200)),
    "accounts:logout": (None, login_required(405)),
    "accounts:user_list": (None, login_required()),
    "accounts:user_add": (None, admin_only()),
    "accounts:user_detail": ("staff", in_scope()),
    "accounts:user_edit": ("staff", admin_only()),
    "accounts:user_history": ("staff", in_scope()),
    "accounts:membership_list": (None, login_required()),
    "accounts:membership_add": (None, admin_only()),
    "accounts:membership_detail": ("membership", in_scope()),
    "accounts:membership_edit": ("membership", admin_only()),
    "accounts:membership_delete": ("membership", admin_only()),
    "accounts:membership_history": ("membership", in_scope()),
    "units:administrativeunit_list": (None, public()),
    "units:administrativeunit_add": (None, admin_only()),
    "units:administrativeunit_detail": ("unit", public()),
    "units:administrativeunit_edit": ("unit", admin_only()),
    "units:administrativeunit_history": ("unit", public()),
    "units:agency_list": (None, login_required()),
    "units:agency_add": (None, {**admin_only(), **dict.fromkeys(COORDINATORS, 200)}),
    "units:agency_detail": ("agency", in_scope()),
    "units:agency_edit": (
        "agency",
        {**admin_only(), "province_coordinator": 200, "district_coordinator": 200, "other_province_officer": 404},
    ),
    "units:agency_delete": ("agency", admin_only()),
    "units:agency_history": ("agency", in_scope()),
    "indices:framework": (None, public()),
    "indices:dimension_detail": ("dimension", public()),
    "indices:dimension_history": ("dimension", public()),
    "indices:indicator_list": (None, public()),
    "indices:indicator_add": (None, admin_only()),
    "indices:indicator_detail": ("indicator", public()),
    "indices:indicator_edit": ("indicator", admin_only()),
    "indices:indicator_delete": ("indicator", admin_only()),
    "indices:indicator_history": ("indicator", public()),
    "indices:indicator_import": (None, admin_only()),
    "indices:indicator_import_template": (None, admin_only()),
    "plans:plan_list": (None, login_required()),
    "plans:plan_add": (None, {**admin_only(), **dict.fromkeys(COORDINATORS, 200)}),
    "plans:plan_detail": ("plan", in_scope()),
    "plans:plan_edit": ("plan", COORDINATE_IN_SCOPE),
    "plans:plan_delete": ("plan", COORDINATE_IN_SCOPE),
    "plans:plan_history": ("plan", in_scope()),
    "plans:plan_submit": ("plan", {**admin_only(), **dict.fromkeys(COORDINATORS, 405), "admin_user": 405}),
    "plans:plan_issue": ("plan", {**admin_only(), "leader": 200}),
    "plans:plan_return": ("plan", {**admin_only(), "leader": 200}),
    "plans:plan_amend": ("plan", {**COORDINATE_IN_SCOPE, "leader": 200}),
    "plans:plan_copy": ("plan", in_scope()),
    "plans:plan_derive": ("plan", {**admin_only(), **dict.fromkeys(COORDINATORS, 405), "admin_user": 405}),
    "plans:plan_coverage": ("plan", in_scope()),
    "plans:plan_cascade": ("plan", in_scope()),
    "plans:task_add": ("plan_kw", COORDINATE_IN_SCOPE),
    "plans:task_mine": (None, login_required()),
    "plans:task_detail": ("task", in_scope()),
    "plans:task_edit": ("task", COORDINATE_IN_SCOPE),
    "plans:task_delete": ("task", COORDINATE_IN_SCOPE),
    "plans:task_history": ("task", in_scope()),
    "plans:task_progress": (
        "task",
        {
            **row(404, anonymous=302, admin_user=200),
            "province_coordinator": 200,
            "district_coordinator": 200,
            "commune_officer": 200,
        },
    ),
    "plans:evidence_download": ("evidence", in_scope()),
    "plans:plan_export_xlsx": ("plan", in_scope()),
    "plans:plan_export_docx": ("plan", in_scope()),
    "plans:plan_export_pdf": ("plan", in_scope()),
    "plans:plan_import_tasks": ("plan", COORDINATE_IN_SCOPE),
    "reporting:home": (None, login_required()),
    "reporting:schedule_add": ("plan_kw", COORDINATE_IN_SCOPE),
    "reporting:schedule_detail": ("schedule", in_scope()),
    "reporting:schedule_edit": ("schedule", COORDINATE_IN_SCOPE),
    "reporting:schedule_history": ("schedule", in_scope()),
    "reporting:period_add": ("schedule", COORDINATE_IN_SCOPE),
    "reporting:period_detail": ("period", in_scope()),
    "reporting:period_status": ("period", {**admin_only(), **dict.fromkeys(COORDINATORS, 405), "admin_user": 405}),
    "reporting:period_consolidate": (
        "period",
        {**admin_only(), **dict.fromkeys(COORDINATORS, 405), "admin_user": 405},
    ),
    "reporting:period_rate_xlsx": ("period", in_scope()),
    # A request with a report started redirects to the report.
    "reporting:request_detail": (
        "report_request",
        {**in_scope(outside=404), **dict.fromkeys([*IN_BACH_SAM_SCOPE, ADMIN], 302)},
    ),
    "reporting:request_start": ("report_request", login_required(405)),
    "reporting:submission_detail": ("submission", in_scope()),
    "reporting:submission_review": ("submission", login_required(405)),
    "reporting:submission_reopen": ("submission", login_required(405)),
    "reporting:attachment_download": ("report_attachment", in_scope()),
    "reporting:consolidated_detail": ("consolidated", in_scope()),
    "reporting:consolidated_action": ("consolidated", login_required(405)),
    "reporting:consolidated_docx": ("consolidated", in_scope()),
    "notifications:inbox": (None, login_required()),
    # A notice is its recipient's alone: everyone else, administrators included, gets a 404.
    "notifications:open": ("notice", row(404, anonymous=302)),
    "notifications:mark_all_read": (None, login_required(405)),
    "imports:import_upload": (None, {**admin_only(), **dict.fromkeys(COORDINATORS, 200)}),
    "imports:import_preview": ("plan_import", COORDINATE_IN_SCOPE),
    "imports:import_file": ("plan_import", COORDINATE_IN_SCOPE),
    # API: 401 for anonymous where a login is needed (token authentication answers 401, not a redirect).
    "api-token": (None, public(405)),
    "api-schema": (None, public()),
    "api-docs": (None, public()),
    "framework": (None, public()),
    "unit-list": (None, public()),
    "unit-detail": ("unit", public()),
    "agency-list": (None, login_required(anon=401)),
    "agency-detail": ("agency", in_scope(anon=401)),
    "score-list": (None, public()),
    "plan-list": (None, login_required(anon=401)),
    "plan-detail": ("plan", in_scope(anon=401)),
    "plan-tasks": ("plan", in_scope(anon=401)),
    "plan-coverage": ("plan", in_scope(anon=401)),
    "plan-children": ("plan", in_scope(anon=401)),
    "plan-submit": ("plan", login_required(405, anon=401)),
    "plan-issue": ("plan", login_required(405, anon=401)),
    "plan-amend": ("plan", login_required(405, anon=401)),
    "plan-import-tasks": ("plan", login_required(405, anon=401)),
    "task-detail": ("task", in_scope(anon=401)),
    "task-updates": ("task", in_scope(anon=401)),
    # Results: public pages and API on a province; a plan's gap analysis follows the plan's visibility.
    "results:results_map": (None, public()),
    "results:results_ranking": (None, public()),
    "results:results_import": (None, admin_only()),
    "results:province_profile": ("province", public()),
    "results:province_trend": ("province", public()),
    "results:province_compare": ("province", public()),
    "results:province_export_xlsx": ("province", public()),
    "results:province_export_docx": ("province", public()),
    "results:plan_gaps": ("plan", in_scope()),
    "results:plan_gap_task": ("plan", {**admin_only(), **dict.fromkeys(COORDINATORS, 405), "admin_user": 405}),
    "results:plan_gaps_xlsx": ("plan", in_scope()),
    "results:plan_gaps_docx": ("plan", in_scope()),
    "results-profile": ("province", public()),
    "results-trend": ("province", public()),
    "results-ranking": (None, public()),
    "plan-gaps": ("plan", in_scope(anon=401)),
    **CITIZENS,
    # Reporting API: transitions are POST only (405 to a GET); the service checks the action itself.
    "reporting-schedule-list": (None, login_required(anon=401)),
    "reporting-schedule-detail": ("schedule", in_scope(anon=401)),
    "reporting-schedule-ad-hoc": ("schedule", login_required(405, anon=401)),
    "reporting-period-list": (None, login_required(anon=401)),
    "reporting-period-detail": ("period", in_scope(anon=401)),
    "reporting-period-rate": ("period", in_scope(anon=401)),
    "reporting-period-rate-xlsx": ("period", in_scope(anon=401)),
    "reporting-period-consolidate": ("period", login_required(405, anon=401)),
    "reporting-period-set-status": ("period", login_required(405, anon=401)),
    "reporting-request-list": (None, login_required(anon=401)),
    "reporting-request-detail": ("report_request", in_scope(anon=401)),
    "reporting-request-start": ("report_request", login_required(405, anon=401)),
    "reporting-submission-list": (None, login_required(anon=401)),
    "reporting-submission-detail": ("submission", in_scope(anon=401)),
    "reporting-submission-submit": ("submission", login_required(405, anon=401)),
    "reporting-submission-attach": ("submission", login_required(405, anon=401)),
    "reporting-submission-return": ("submission", login_required(405, anon=401)),
    "reporting-submission-accept": ("submission", login_required(405, anon=401)),
    "reporting-submission-reopen": ("submission", login_required(405, anon=401)),
    "reporting-consolidated-list": (None, login_required(anon=401)),
    "reporting-consolidated-detail": ("consolidated", in_scope(anon=401)),
    "reporting-consolidated-docx": ("consolidated", in_scope(anon=401)),
    "reporting-consolidated-send-for-approval": ("consolidated", login_required(405, anon=401)),
    "reporting-consolidated-approve": ("consolidated", login_required(405, anon=401)),
    "reporting-consolidated-return": ("consolidated", login_required(405, anon=401)),
    "reporting-consolidated-send-up": ("consolidated", login_required(405, anon=401)),
}


_IMPORT_RESULT = {
    "plan": {"title": "Kế hoạch thử", "code": None, "issuer": None, "place": None, "issued_on": None, "year": 2025,
             "basis": [], "targets": [], "signer": {"name": None, "title": None}, "recipients": []},
    "sections": [], "tasks": [], "responsibilities": [], "reporting": [], "deadlines": [], "warnings": [],
}  # fmt: skip


@pytest.fixture
def objects(world):
    """One record of each kind, all in phường Bạch Sam where that applies."""
    staff = UserFactory(username="bach_sam_staff", full_name="Trần Thị Hoa")
    membership = MembershipFactory(user=staff, agency=world.ubnd_bach_sam, role=Membership.Role.OFFICER)
    papi = Index.objects.create(code="PAPI", name_vi="PAPI")
    dimension = Dimension.objects.create(index=papi, code="D1", order=1, name_vi="Tham gia của người dân ở cấp cơ sở")
    Score.objects.create(index=papi, unit=world.hung_yen, year=2024, code="TOTAL", value=44, n_dimensions=8)
    from django.core.files.base import ContentFile

    from chiso.plans.models import Evidence, ProgressUpdate
    from chiso.plans.tests.factories import PlanFactory, TaskFactory

    plan = PlanFactory(unit=world.bach_sam, year=2025)
    task = TaskFactory(plan=plan, lead=[world.vp_bach_sam])
    update = ProgressUpdate.objects.create(task=task, reported_on=dt.date(2025, 3, 1), description="Đã niêm yết")
    evidence = Evidence(update=update, name="bien-ban.pdf", size=8, content_type="application/pdf")
    evidence.file.save("bien-ban.pdf", ContentFile(b"%PDF-1.4"), save=True)
    from chiso.citizens.models import FeedbackAttachment, RoutingRule
    from chiso.citizens.tests.factories import DialogueFactory, FeedbackFactory, ReceptionSessionFactory, category

    feedback = FeedbackFactory(unit=world.bach_sam, agency=world.ubnd_bach_sam)
    attachment = FeedbackAttachment(feedback=feedback, name="anh.jpg", size=4, content_type="image/jpeg")
    attachment.file.save("anh.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=True)
    from chiso.imports.models import PlanImport

    plan_import = PlanImport(unit=world.bach_sam, name="ke-hoach.txt", size=9, result=_IMPORT_RESULT)
    plan_import.file.save("ke-hoach.txt", ContentFile("KẾ HOẠCH".encode()), save=True)
    built = {
        "plan_import": plan_import,
        "feedback": feedback,
        "feedback_action": {"pk": feedback.pk, "action": "accept"},
        "tracking": {"code": feedback.tracking_code},
        "unit_code": {"code": world.bach_sam.code},
        "attachment": attachment,
        "routing_rule": RoutingRule.objects.create(unit=world.bach_sam, agency=world.vp_bach_sam),
        "feedback_category": category(),
        "reception": ReceptionSessionFactory(unit=world.bach_sam),
        "dialogue": DialogueFactory(unit=world.bach_sam),
        "plan": plan,
        "plan_kw": plan,
        "task": task,
        "evidence": evidence,
        "staff": staff,
        "membership": membership,
        "unit": world.bach_sam,
        "province": world.hung_yen,
        "agency": world.vp_bach_sam,
        "calendar": CalendarException.objects.create(date=dt.date(2025, 9, 1), kind="day_off", note="Nghỉ bù"),
        "dimension": dimension,
        "indicator": Indicator.objects.create(dimension=dimension, code="D1.x9", name_vi="Chỉ tiêu thử"),
        "notice": Notification.objects.create(recipient=staff, key="test", subject="Sắp đến hạn báo cáo"),
    }
    reporting = _reporting_objects(world, plan)
    # Two apps' objects under one key would test one app's URL with the other's ids (it passes by luck on SQLite).
    assert not set(built) & set(reporting), set(built) & set(reporting)
    return {**built, **reporting}


def _reporting_objects(world, plan):
    """Built through the services, as the screens build them: an ad-hoc request of a schedule of the Bạch Sam plan
    to the ward's office (the lead agency of its task), its draft report with a file, and the ward's consolidated
    report."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chiso.reporting import services
    from chiso.reporting.models import Cadence, Schedule

    actor = UserFactory(username="reporting_admin", is_superuser=True)
    schedule = services.create_schedule(
        Schedule(plan=plan, title="Báo cáo 6 tháng", cadence=Cadence.AD_HOC, recipient=world.ubnd_bach_sam),
        actor=actor,
    )
    period = services.open_ad_hoc(
        schedule,
        actor=actor,
        label="6 tháng đầu năm 2025",
        cutoff_start=dt.date(2025, 1, 1),
        cutoff_end=dt.date(2025, 6, 30),
        due_on=dt.date(2025, 7, 5),
    )
    request = period.requests.get(agency=world.vp_bach_sam)
    submission = services.start_submission(request, actor=actor)
    attachment = services.attach(submission, actor=actor, upload=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4"))
    return {
        "schedule": schedule,
        "period": period,
        "report_request": request,
        "submission": submission,
        "report_attachment": attachment,
        "consolidated": services.consolidate(period, actor=actor),
    }


def test_every_view_declares_a_policy():
    assert undeclared() == []


def test_every_url_has_a_row():
    names = {name for name, _route, _cb in walk() if name}
    missing = sorted(names - set(EXPECTED))
    assert not missing, f"Add these URL names to EXPECTED in tests/test_url_roles.py: {missing}"
    stale = sorted(set(EXPECTED) - names)
    assert not stale, f"These rows name URLs that no longer exist: {stale}"


def test_every_url_pattern_is_named():
    unnamed = [route for name, route, _cb in walk() if not name]
    assert unnamed == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_url_answers_as_the_policy_says(persona, persona_client, objects, request):
    # given: the persona's client and one object of each kind
    client = persona_client(persona)
    mismatches = []
    existing = {name for name, _route, _cb in walk()}
    # when: every URL is requested with GET (rows for removed URLs are reported by test_every_url_has_a_row)
    for name, (key, statuses) in EXPECTED.items():
        if name not in existing:
            continue
        value = objects[key] if key else None
        if value is None:
            kwargs = {}
        elif key == "province":
            kwargs = {"code": value.code}
        elif isinstance(value, dict):
            kwargs = value
        else:
            kwargs = {"plan": value.pk} if key == "plan_kw" else {"pk": value.pk}
        url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        if response.status_code != statuses[persona]:
            mismatches.append(f"{name} {url}: {response.status_code}, expected {statuses[persona]}")
    # then: every answer is the expected one
    assert mismatches == []


def _undeclared_view(request):
    return HttpResponse("TOP-SECRET-PAYLOAD")


undeclared_urlpatterns = [path("secret/", _undeclared_view, name="secret")]


def test_undeclared_view_is_caught(client, db):
    # given: a URLconf with a view that declares no permission
    import sys

    module = sys.modules[__name__]
    # then: the walker reports it, so test_every_view_declares_a_policy would fail …
    assert undeclared(module.undeclared_urlpatterns) == [("secret", "secret/")]
    # … and the middleware refuses it at run time.
    with override_settings(ROOT_URLCONF=__name__):
        response = client.get("/secret/")
    assert response.status_code == 403
    assert b"TOP-SECRET-PAYLOAD" not in response.content


# The URLconf of test_undeclared_view_is_caught: the real one plus the undeclared view.
urlpatterns = [*undeclared_urlpatterns, path("", include("chiso.urls"))]
