"""Every write endpoint of the API refuses a reference outside the caller's reach, as the page's form would.

A reference is the record in the path (the feedback item, the plan, the period…) and every record the body names
(an agency, a plan, reporters, a tracking code). Each app declares its rows beside its code
(``chiso/<app>/tests/api_references.py``, vocabulary in ``tests/apirefs.py``): a row per write route of the API,
each with the references a caller in Hưng Yên tries to use in Sóc Trăng (or sideways, outside what the page
offers). ``test_every_write_endpoint_has_a_row`` walks the URLconf and fails when a new write route appears
without one.
"""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.urlwalk import app_modules, walk

WRITE_METHODS = ("post", "put", "patch", "delete")


def _collect(attribute):
    table = {}
    for module in app_modules("api_references"):
        rows = getattr(module, attribute, {})
        twice = set(table) & set(rows)
        assert not twice, f"{module.__name__} declares {attribute} rows another app declares too: {sorted(twice)}"
        table.update(rows)
    return table


CASES = _collect("CASES")
EXEMPT = _collect("EXEMPT")


def api_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


class Far:
    """A year of work in thị xã Vĩnh Châu (Sóc Trăng), out of reach of the Hưng Yên personas, and a few records in
    Mỹ Hào that they do reach (to name Sóc Trăng's records, or records the page does not offer, in the body)."""


@pytest.fixture
def far(world, admin_user, province_coordinator, district_coordinator, leader):
    f = Far()
    # Each caller holds the endpoint's action in their own units, so only the reference stands in the way.
    f.coordinator, f.district, f.leader, f.admin = province_coordinator, district_coordinator, leader, admin_user
    f.agency = world.noi_vu_vinh_chau
    f.world = world
    f.ids = {"agency": f.agency.pk, "vp_pck": world.vp_pck.pk, "vp_bach_sam": world.vp_bach_sam.pk}
    for module in app_modules("api_references"):
        build = getattr(module, "objects", None)
        if build is not None:
            made = build(world, f)
            clash = set(made) & set(f.ids)
            assert not clash, f"{module.__name__} uses placeholders taken by another app: {sorted(clash)}"
            f.ids.update(made)
    return f


def write_routes():
    """(route name, method) of every API route that writes, read from the URLconf."""
    found = set()
    for name, route, callback in walk():
        if not route.startswith("api/"):
            continue
        cls = getattr(callback, "cls", None)
        allowed = set(getattr(cls, "http_method_names", WRITE_METHODS))
        actions = getattr(callback, "actions", None)
        if actions:
            methods = [m for m in actions if m in WRITE_METHODS]
        else:
            methods = [m for m in WRITE_METHODS if hasattr(cls, m)]
        found |= {(name, m) for m in methods if m in allowed}
    return found


def test_every_write_endpoint_has_a_row():
    routes = write_routes()
    missing = routes - set(CASES) - set(EXEMPT)
    assert not missing, (
        f"write endpoints without a row in their app's tests/api_references.py (CASES, or a reason in EXEMPT): "
        f"{sorted(missing)}"
    )
    assert not (set(CASES) - routes), f"rows for routes that no longer exist: {sorted(set(CASES) - routes)}"


def _fill(value, ids):
    if callable(value):
        return value()
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
        return ids[value[1:-1]]
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


def _state():
    """What a wrongly accepted write would change, as each app sees it."""
    return [module.state() for module in app_modules("api_references") if hasattr(module, "state")]


@pytest.mark.parametrize(
    "route,case",
    [(route, case) for route, cases in CASES.items() for case in cases],
    ids=[f"{route[0]}:{case[0]}" for route, cases in CASES.items() for case in cases],
)
def test_reference_out_of_reach_is_refused(far, route, case):
    # given: a Hưng Yên official and Sóc Trăng's records
    what, who, url, body, fmt, accepted = case
    before = _state()
    # when: they name one in the path or in the body
    client = api_for(getattr(far, who))
    data = {key: _fill(value, far.ids) for key, value in body.items()}
    response = getattr(client, route[1])(url.format(**far.ids), data, format=fmt)
    # then: refused with a message, and nothing changed
    assert response.status_code in accepted, (what, response.status_code, response.content[:300])
    assert response.json().get("code"), response.json()
    assert _state() == before
