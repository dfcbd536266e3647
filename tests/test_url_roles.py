"""Every URL pattern and API route, requested as every persona, answers what the policy says.

Guard 1 of STYLE.md. Each app declares its rows beside its code (``chiso/<app>/tests/url_roles.py``: ``ROWS`` and
the ``objects`` its URLs need); this test collects them. When a new URL is added, ``test_every_url_has_a_row``
fails until its app declares a row; when a view declares no permission, ``test_every_view_declares_a_policy`` fails
(and the middleware answers 403 to it at run time — see ``test_undeclared_view_is_caught``).
"""

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import include, path, reverse

from conftest import PERSONAS
from tests.urlroles import public
from tests.urlwalk import app_modules, undeclared, walk

# The project's own URLs (chiso/urls.py), not an app's.
PROJECT_ROWS = {
    "api-schema": (None, public()),
    "api-docs": (None, public()),
}


def _collect_rows():
    rows = dict(PROJECT_ROWS)
    for module in app_modules("url_roles"):
        twice = set(rows) & set(module.ROWS)
        assert not twice, f"{module.__name__} declares rows another app declares too: {sorted(twice)}"
        rows.update(module.ROWS)
    return rows


EXPECTED = _collect_rows()


@pytest.fixture
def objects(world):
    """One record of each kind, all in phường Bạch Sam where that applies, built by the apps in layer order."""
    built = {}
    for module in app_modules("url_roles"):
        build = getattr(module, "objects", None)
        if build is None:
            continue
        made = build(world, built)
        # Two apps' objects under one key would test one app's URL with the other's ids (it passes by luck on
        # SQLite), unless it is the same object.
        clash = {key for key in set(made) & set(built) if made[key] != built[key]}
        assert not clash, f"{module.__name__} builds objects under keys taken by another app: {sorted(clash)}"
        built.update(made)
    return built


def test_every_view_declares_a_policy():
    assert undeclared() == []


def test_every_url_has_a_row():
    names = {name for name, _route, _cb in walk() if name}
    missing = sorted(names - set(EXPECTED))
    assert not missing, f"Add rows for these URL names to their app's tests/url_roles.py: {missing}"
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
        value = objects[key] if key else None
        if value is None:
            kwargs = {}
        elif key == "province":
            kwargs = {"code": value.code}
        elif isinstance(value, dict):
            kwargs = value
        else:
            kwargs = {"plan": value.pk} if key == "plan_kw" else {"pk": value.pk}
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
