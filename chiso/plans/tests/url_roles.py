"""The URL × role rows of the plans app (collected by ``tests/test_url_roles.py``)."""

import datetime as dt

from django.core.files.base import ContentFile

from chiso.plans.models import Evidence, ProgressUpdate
from chiso.plans.tests.factories import PlanFactory, TaskFactory
from tests.urlroles import COORDINATE_IN_SCOPE, COORDINATORS, admin_only, in_scope, login_required, row

ROWS = {
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
            # supervision and inspection never act, not even through their agency's link to a task
            "inspector": 403,
            "supervisor": 403,
        },
    ),
    "plans:evidence_download": ("evidence", in_scope()),
    "plans:plan_export_xlsx": ("plan", in_scope()),
    "plans:plan_export_docx": ("plan", in_scope()),
    "plans:plan_export_pdf": ("plan", in_scope()),
    "plans:plan_import_tasks": ("plan", COORDINATE_IN_SCOPE),
    "plans:plan_responsibilities": ("plan", in_scope()),
    "plans:plan_responsibilities_xlsx": ("plan", in_scope()),
    # a GET of the import goes back to the table (302) for those who may change the plan
    "plans:plan_responsibilities_import": (
        "plan",
        {**COORDINATE_IN_SCOPE, "province_coordinator": 302, "district_coordinator": 302, "admin_user": 302},
    ),
    "plan-list": (None, login_required(anon=401)),
    "plan-detail": ("plan", in_scope(anon=401)),
    "plan-tasks": ("plan", in_scope(anon=401)),
    "plan-coverage": ("plan", in_scope(anon=401)),
    "plan-children": ("plan", in_scope(anon=401)),
    "plan-submit": ("plan", login_required(405, anon=401)),
    "plan-issue": ("plan", login_required(405, anon=401)),
    "plan-amend": ("plan", login_required(405, anon=401)),
    "plan-import-tasks": ("plan", login_required(405, anon=401)),
    "plan-return-plan": ("plan", login_required(405, anon=401)),
    "plan-export": ("plan_xlsx", in_scope(anon=401)),
    "plan-responsibilities": ("plan", in_scope(anon=401)),
    "plan-import-responsibilities": ("plan", login_required(405, anon=401)),
    "task-detail": ("task", in_scope(anon=401)),
    "task-updates": ("task", in_scope(anon=401)),
}


def objects(world, built):
    plan = PlanFactory(unit=world.bach_sam, year=2025)
    task = TaskFactory(plan=plan, lead=[world.vp_bach_sam])
    update = ProgressUpdate.objects.create(task=task, reported_on=dt.date(2025, 3, 1), description="Đã niêm yết")
    evidence = Evidence(update=update, name="bien-ban.pdf", size=8, content_type="application/pdf")
    evidence.file.save("bien-ban.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return {
        "plan": plan,
        "plan_kw": plan,
        "plan_xlsx": {"pk": plan.pk, "kind": "xlsx"},
        "task": task,
        "evidence": evidence,
    }
