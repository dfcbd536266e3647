"""The URL × role rows of the imports app (collected by ``tests/test_url_roles.py``)."""

from django.core.files.base import ContentFile

from chiso.imports.models import PlanImport
from tests.urlroles import COORDINATE_IN_SCOPE, COORDINATORS, admin_only, in_scope

# A POST-only API route asked with GET: 405 past the model-level gate (the coordinators'), 403 before it.
POST_ONLY = {**admin_only(anon=401), "admin_user": 405, **dict.fromkeys(COORDINATORS, 405)}

ROWS = {
    "imports:import_upload": (None, {**admin_only(), **dict.fromkeys(COORDINATORS, 200)}),
    "imports:import_preview": ("plan_import", COORDINATE_IN_SCOPE),
    "imports:import_file": ("plan_import", COORDINATE_IN_SCOPE),
    "imports:plan_text": ("plan", in_scope()),
    # The API: reading an import is the coordinators' (401 without a token); creating and confirming are POSTs.
    "plan-import-list": (None, POST_ONLY),
    "plan-import-detail": ("plan_import", {**COORDINATE_IN_SCOPE, "anonymous": 401}),
    "plan-import-confirm": ("plan_import", POST_ONLY),
}


_IMPORT_RESULT = {
    "plan": {"title": "Kế hoạch thử", "code": None, "issuer": None, "place": None, "issued_on": None, "year": 2025,
             "basis": [], "targets": [], "signer": {"name": None, "title": None}, "recipients": []},
    "sections": [], "tasks": [], "responsibilities": [], "reporting": [], "deadlines": [], "warnings": [],
}  # fmt: skip


def objects(world, built):
    plan_import = PlanImport(unit=world.bach_sam, name="ke-hoach.txt", size=9, result=_IMPORT_RESULT)
    plan_import.file.save("ke-hoach.txt", ContentFile("KẾ HOẠCH".encode()), save=True)
    return {"plan_import": plan_import}
