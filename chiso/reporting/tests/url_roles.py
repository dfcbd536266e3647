"""The URL × role rows of the reporting app (collected by ``tests/test_url_roles.py``)."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from chiso.accounts.tests.factories import UserFactory
from chiso.reporting import services
from tests.urlroles import (
    ADMIN,
    COORDINATE_IN_SCOPE,
    COORDINATORS,
    IN_BACH_SAM_SCOPE,
    admin_only,
    in_scope,
    login_required,
)

from .factories import ad_hoc_period

ROWS = {
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
    "reporting:request_start": ("report_request", {**login_required(405), "inspector": 403, "supervisor": 403}),
    "reporting:submission_detail": ("submission", in_scope()),
    "reporting:submission_history": ("submission", in_scope()),
    "reporting:submission_review": ("submission", login_required(405)),
    "reporting:submission_reopen": ("submission", login_required(405)),
    "reporting:attachment_download": ("report_attachment", in_scope()),
    "reporting:consolidated_detail": ("consolidated", in_scope()),
    "reporting:consolidated_action": ("consolidated", login_required(405)),
    "reporting:consolidated_docx": ("consolidated", in_scope()),
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


def objects(world, built):
    """Built through the services, as the screens build them: an ad-hoc request of a schedule of the Bạch Sam plan
    to the ward's office (the lead agency of its task), its draft report with a file, and the ward's consolidated
    report."""
    actor = UserFactory(username="reporting_admin", is_superuser=True)
    period = ad_hoc_period(
        built["plan"],
        actor=actor,
        recipient=world.ubnd_bach_sam,
        title="Báo cáo 6 tháng",
        label="6 tháng đầu năm 2025",
        cutoff_start=dt.date(2025, 1, 1),
        cutoff_end=dt.date(2025, 6, 30),
        due_on=dt.date(2025, 7, 5),
    )
    request = period.requests.get(agency=world.vp_bach_sam)
    submission = services.start_submission(request, actor=actor)
    attachment = services.attach_file(submission, actor=actor, upload=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4"))
    return {
        "schedule": period.schedule,
        "period": period,
        "report_request": request,
        "submission": submission,
        "report_attachment": attachment,
        "consolidated": services.consolidate_report(period, actor=actor),
    }
