"""The API reference rows of the imports app (collected by ``tests/test_api_references.py``)."""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from chiso.imports.models import PlanImport
from chiso.imports.tests.url_roles import _IMPORT_RESULT
from chiso.plans.models import Plan
from chiso.plans.tests.factories import PlanFactory
from tests.apirefs import HIDDEN, REFUSED


def plan_text():
    return SimpleUploadedFile("ke-hoach.txt", "KẾ HOẠCH\nThực hiện Chỉ số PAPI năm 2025".encode())


CASES = {
    ("plan-import-list", "post"): [
        ("a document for a Sóc Trăng unit", "coordinator", "/api/v1/plan-imports/",
         {"unit": "{far_import_unit}", "file": plan_text}, "multipart", REFUSED),
    ],
    ("plan-import-confirm", "post"): [
        ("a Sóc Trăng import", "coordinator", "/api/v1/plan-imports/{far_import}/confirm/", {"version": 1}, "json",
         HIDDEN),
        ("its own import, moved to a Sóc Trăng unit", "district", "/api/v1/plan-imports/{near_import}/confirm/",
         {"version": 1, "unit": "{far_import_unit}"}, "json", REFUSED),
        ("its own import, under a Sóc Trăng plan", "district", "/api/v1/plan-imports/{near_import}/confirm/",
         {"version": 1, "parent": "{far_import_plan}"}, "json", REFUSED),
    ],
}  # fmt: skip


def _import(unit):
    record = PlanImport(unit=unit, name="ke-hoach.txt", size=9, result=_IMPORT_RESULT)
    record.file.save("ke-hoach.txt", ContentFile("KẾ HOẠCH".encode()), save=True)
    return record


def objects(world, far):
    return {
        "far_import_unit": world.vinh_chau.pk,
        "far_import": _import(world.vinh_chau).pk,
        "near_import": _import(world.phung_chi_kien).pk,
        "far_import_plan": PlanFactory(unit=world.vinh_chau, status=Plan.Status.ISSUED).pk,
    }


def state():
    return (
        Plan.objects.count(),
        PlanImport.objects.count(),
        list(PlanImport.objects.order_by("pk").values_list("status", flat=True)),
    )
