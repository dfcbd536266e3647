"""The URL × role rows of the units app (collected by ``tests/test_url_roles.py``)."""

from tests.urlroles import COORDINATORS, HISTORY_IN_SCOPE, admin_only, in_scope, login_required, public

ROWS = {
    "units:administrativeunit_list": (None, public()),
    "units:administrativeunit_add": (None, admin_only()),
    "units:administrativeunit_detail": ("unit", public()),
    "units:administrativeunit_edit": ("unit", admin_only()),
    "units:administrativeunit_history": ("unit", HISTORY_IN_SCOPE),
    "units:agency_list": (None, login_required()),
    "units:agency_add": (None, {**admin_only(), **dict.fromkeys(COORDINATORS, 200)}),
    "units:agency_detail": ("agency", in_scope()),
    "units:agency_edit": (
        "agency",
        {**admin_only(), "province_coordinator": 200, "district_coordinator": 200, "other_province_officer": 404},
    ),
    "units:agency_delete": ("agency", admin_only()),
    "units:agency_history": ("agency", in_scope()),
    # the pickers' search: any official (the options are cut to what the picker offers the requesting user)
    "units:unit_pick": ("picker_units", login_required()),
    "units:agency_pick": ("picker_agencies", login_required()),
    "unit-list": (None, public()),
    "unit-detail": ("unit", public()),
    "agency-list": (None, login_required(anon=401)),
    "agency-detail": ("agency", in_scope(anon=401)),
}


def objects(world, built):
    return {
        "unit": world.bach_sam,
        "province": world.hung_yen,
        "agency": world.vp_bach_sam,
        "picker_units": {"name": "agency-unit"},
        "picker_agencies": {"name": "agency-parent"},
    }
