"""The URL × role rows of the dashboards app (collected by ``tests/test_url_roles.py``).

A unit's dashboard is for the leaders and the standing body (coordinators) of phường Bạch Sam and the units above;
the other officials get 403, the other province's coordinator 404. The scorecard of thị xã Mỹ Hào is read by every
official of the town, of the province above and of the wards below; its standing body keeps it."""

from chiso.dashboards.models import Scorecard
from tests.urlroles import COORDINATE_IN_SCOPE, COORDINATORS, in_scope, login_required, row

READERS = ["province_coordinator", "district_coordinator", "leader"]
DASHBOARD = {**row(403, anonymous=302, admin_user=200, other_province_officer=404), **dict.fromkeys(READERS, 200)}
HOME = {**login_required(), **dict.fromkeys([*READERS, "other_province_officer"], 302)}
RECOUNT = {**row(403, anonymous=302), **dict.fromkeys([*READERS, "other_province_officer", "admin_user"], 405)}
ADD = {**row(403, anonymous=302), **dict.fromkeys([*COORDINATORS, "admin_user"], 200)}
SCORECARD = in_scope()
API_DASHBOARD = {**DASHBOARD, "anonymous": 401}

ROWS = {
    "dashboards:home": (None, HOME),
    "dashboards:unit": ("dash_unit", DASHBOARD),
    "dashboards:records": ("dash_records", DASHBOARD),
    "dashboards:recount": ("dash_unit", RECOUNT),
    "dashboards:scorecard_list": (None, login_required()),
    "dashboards:scorecard_add": (None, ADD),
    "dashboards:scorecard_detail": ("scorecard", SCORECARD),
    "dashboards:scorecard_edit": ("scorecard", COORDINATE_IN_SCOPE),
    "dashboards:scorecard_xlsx": ("scorecard", SCORECARD),
    "dashboards:scorecard_docx": ("scorecard", SCORECARD),
    "dashboards-unit": ("dash_unit", API_DASHBOARD),
    "scorecard-list": (None, login_required(anon=401)),
    "scorecard-detail": ("scorecard", {**SCORECARD, "anonymous": 401}),
    "scorecard-results": ("scorecard", {**SCORECARD, "anonymous": 401}),
}


def objects(world, built):
    card = Scorecard.objects.create(unit=world.my_hao, name="Chấm điểm thi đua thị xã", level="commune")
    return {
        "dash_unit": {"unit": world.bach_sam.pk},
        "dash_records": {"unit": world.bach_sam.pk, "key": "tasks.overdue"},
        "scorecard": card,
    }
