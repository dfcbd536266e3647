"""The URL × role rows of the indices app (collected by ``tests/test_url_roles.py``)."""

from chiso.indices.models import Dimension, Index, Indicator, Score
from tests.urlroles import HISTORY_OF_REFERENCE, admin_only, public

ROWS = {
    "indices:framework": (None, public()),
    "indices:dimension_detail": ("dimension", public()),
    "indices:dimension_history": ("dimension", HISTORY_OF_REFERENCE),
    "indices:indicator_list": (None, public()),
    "indices:indicator_add": (None, admin_only()),
    "indices:indicator_detail": ("indicator", public()),
    "indices:indicator_edit": ("indicator", admin_only()),
    "indices:indicator_delete": ("indicator", admin_only()),
    "indices:indicator_history": ("indicator", HISTORY_OF_REFERENCE),
    # administrators and the coordinators of a province load a year's indicator list
    "indices:indicator_import": (None, {**admin_only(), "province_coordinator": 200}),
    "indices:indicator_import_template": (None, {**admin_only(), "province_coordinator": 200}),
    "framework": (None, public()),
    "score-list": (None, public()),
}


def objects(world, built):
    papi = Index.objects.create(code="PAPI", name_vi="PAPI")
    dimension = Dimension.objects.create(index=papi, code="D1", order=1, name_vi="Tham gia của người dân ở cấp cơ sở")
    Score.objects.create(index=papi, unit=world.hung_yen, year=2024, code="TOTAL", value=44, n_dimensions=8)
    indicator = Indicator.objects.create(dimension=dimension, code="D1.x9", name_vi="Chỉ tiêu thử")
    return {"dimension": dimension, "indicator": indicator}
