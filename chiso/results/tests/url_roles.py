"""The URL × role rows of the results app (collected by ``tests/test_url_roles.py``)."""

from tests.urlroles import COORDINATORS, admin_only, in_scope, public

ROWS = {
    # Results: public pages and API on a province; a plan's gap analysis follows the plan's visibility.
    "results:results_map": (None, public()),
    "results:results_ranking": (None, public()),
    "results:results_import": (None, admin_only()),
    "results:results_groups": (None, admin_only()),
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
}
