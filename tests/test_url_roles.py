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

# url name → (kwargs builder, {persona: expected status for GET})
EXPECTED = {
    "core:home": (None, public()),
    "core:set_language": (None, public(302)),
    "core:switch_membership": (None, login_required(405)),
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
    "reporting:attachment_download": ("attachment", in_scope()),
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
    from chiso.imports.models import PlanImport

    plan_import = PlanImport(unit=world.bach_sam, name="ke-hoach.txt", size=9, result=_IMPORT_RESULT)
    plan_import.file.save("ke-hoach.txt", ContentFile("KẾ HOẠCH".encode()), save=True)
    return {
        "plan_import": plan_import,
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
        **_reporting_objects(world, plan),
    }


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
        "attachment": attachment,
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
        if key == "province":
            kwargs = {"code": objects[key].code}
        else:
            kwargs = ({"plan": objects[key].pk} if key == "plan_kw" else {"pk": objects[key].pk}) if key else {}
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
