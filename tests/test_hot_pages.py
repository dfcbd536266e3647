"""The hot pages of issue 16 stay cheap: query budgets (no timing asserts), and the caches behind them are right.

Budgets are for the page as a signed-in official sees it on the second visit (the first builds the cached
fragments and the person's cached roles, and gives the browser its CSRF cookie: the second visit renders the page
and stores it per person), at most 2 queries (session, user) once it is stored, and 0 queries for a public page
served to a visitor from the page cache.
Benchmarks: bench/pages_bench.py, docs/benchmarks.md (issue 16).
"""

import time

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chiso.accounts.tests.factories import MembershipFactory
from chiso.core import pagecache
from chiso.lib.cache import FallbackRedisCache
from chiso.notifications.models import Notification
from chiso.notifications.services import mark_read, notify
from chiso.plans.models import Plan
from chiso.plans.tests.factories import PlanFactory, TaskFactory
from chiso.results.models import ResultsRelease
from chiso.results.tests.conftest import build_results


def second_visit(client, url, django_assert_max_num_queries, limit, **headers):
    client.get(url, **headers)
    with django_assert_max_num_queries(limit):
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response


@pytest.fixture
def big_plan(world):
    plan = PlanFactory(unit=world.my_hao, status=Plan.Status.ISSUED)
    for i in range(150):
        TaskFactory(plan=plan, number=str(i), lead=[world.phong_noi_vu], coordinating=[world.mttq])
    return plan


def test_plan_page_of_150_tasks(client, big_plan, district_coordinator, django_assert_max_num_queries):
    client.force_login(district_coordinator)
    # A page rendered (not yet stored per person): session, user, plan, its unit path (every button's permission
    # at once), targets, pilot units, schedules, the filter's dimensions and agencies, amendments, the tabs other
    # apps add — the table's freshness is the plan's version, no COUNT/MAX probe.
    response = second_visit(client, big_plan.get_absolute_url(), django_assert_max_num_queries, 13)
    assert response.content.decode().count('<tr id="task-') == 150


# The coverage view also reads the plan's indicator responsibilities ("indicator without a lead agency").
@pytest.mark.parametrize(("name", "budget"), [("plans:plan_cascade", 12), ("plans:plan_coverage", 13)])
def test_province_cascade_and_roll_up(
    client, big_plan, district_coordinator, django_assert_max_num_queries, name, budget
):
    client.force_login(district_coordinator)
    second_visit(client, reverse(name, args=[big_plan.pk]), django_assert_max_num_queries, budget)


def test_my_tasks(client, big_plan, district_officer, django_assert_max_num_queries):
    client.force_login(district_officer)
    second_visit(client, reverse("plans:task_mine"), django_assert_max_num_queries, 10)


def test_feedback_inbox(client, world, commune_officer, django_assert_max_num_queries):
    client.force_login(commune_officer)
    second_visit(client, reverse("citizens:feedback_list"), django_assert_max_num_queries, 10)


@pytest.mark.parametrize("url", ["/api/v1/plans/", "/api/v1/units/?q=bach"])
def test_api_lists(client, big_plan, district_coordinator, django_assert_max_num_queries, url):
    client.force_login(district_coordinator)
    second_visit(client, url, django_assert_max_num_queries, 8)


# --- what every official's page asks, kept per person ---------------------------------------------------------
def test_roles_and_badge_are_read_once_per_person(client, world, district_coordinator):
    client.force_login(district_coordinator)
    client.get(reverse("plans:task_mine"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("plans:task_mine"))
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "accounts_membership" not in sql and "notifications_notification" not in sql


def test_a_new_role_shows_at_once(client, world, district_coordinator):
    client.force_login(district_coordinator)
    assert "Phường Bạch Sam" not in client.get(reverse("plans:task_mine")).content.decode()
    MembershipFactory(user=district_coordinator, agency=world.ubnd_bach_sam, role="officer")
    assert "Phường Bạch Sam" in client.get(reverse("plans:task_mine")).content.decode()  # the unit switcher


def test_the_badge_follows_notices(client, world, district_coordinator):
    client.force_login(district_coordinator)
    page = reverse("plans:task_mine")
    assert 'id="unread-count"' not in client.get(page).content.decode()
    notify([district_coordinator], key="test:1", subject="Nhắc việc")
    assert 'id="unread-count">1<' in client.get(page).content.decode()
    mark_read(Notification.objects.filter(recipient=district_coordinator))
    assert 'id="unread-count"' not in client.get(page).content.decode()


# --- public pages, cached whole for visitors ------------------------------------------------------------------
@pytest.fixture
def results(world):
    build_results()


@pytest.mark.parametrize("url", ["/results/", "/results/ranking/", "/results/provinces/01/", "/p/"])
def test_public_pages_come_from_the_cache(client, results, django_assert_max_num_queries, url):
    first = client.get(url)
    assert first.status_code == 200 and "csrftoken" not in first.cookies
    assert first["Cache-Control"] == "public, no-cache"
    with django_assert_max_num_queries(0):
        again = client.get(url)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    with django_assert_max_num_queries(0):
        unchanged = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304 and not unchanged.content


def test_portal_of_a_unit_from_the_cache(client, world, django_assert_max_num_queries):
    url = reverse("citizens:portal_unit", args=[world.bach_sam.code])
    client.get(url)
    with django_assert_max_num_queries(0):
        assert client.get(url).status_code == 200


def test_each_language_has_its_page(client, results):
    vietnamese = client.get("/results/").content
    client.cookies["django_language"] = "en"
    assert client.get("/results/").content != vietnamese


def test_a_loaded_year_shows_at_once(client, results):
    client.get("/results/")
    index = ResultsRelease._meta.get_field("index").related_model.objects.get(code="PAPI")
    ResultsRelease.objects.create(index=index, year=2099, provinces=0, scores=0)
    pagecache._next_generation()  # what the commit runs (a test runs inside a transaction that never commits)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/results/").status_code == 200
    assert queries.captured_queries  # rendered again, not replayed


def test_officials_get_their_own_page(client, results, district_coordinator):
    client.get("/results/")  # now cached for visitors
    client.force_login(district_coordinator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/results/")
    assert queries.captured_queries and "ETag" not in response
    assert "no-store" in response["Cache-Control"]


def test_the_map_draws_the_static_outlines(client, results):
    from pathlib import Path

    from chiso.results import analysis, charts

    static = Path(charts.__file__).parent / "static" / charts.OUTLINES_STATIC
    assert static.read_text(encoding="utf-8") == charts.outlines_file(analysis.shapes()), (
        "python -m chiso.results.charts"
    )
    html = client.get("/results/").content.decode()
    assert html.count("province-outlines.svg#") == 65 and ' d="m ' not in html
    assert len(html) < 80_000  # the outlines (210 kB) are a static file the browser keeps


# --- signed-in pages, cached whole per person and version (core/personcache.py) --------------------------------
def stored(client, *urls):
    """Visit twice: the first visit gives the browser its CSRF cookie, the second stores the page."""
    for url in urls * 2:
        client.get(url)


def hit_queries(client, url):
    """The SQL a visit runs once the page is stored (the first visit gives the browser its CSRF cookie, the second
    stores the page)."""
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in queries.captured_queries], response


def test_plan_page_from_the_cache(client, big_plan, district_coordinator):
    client.force_login(district_coordinator)
    sql, response = hit_queries(client, big_plan.get_absolute_url())
    assert len(sql) <= 2, sql  # the session and the user: nothing of the plan
    assert response.content.decode().count('<tr id="task-') == 150
    assert "csrfmiddlewaretoken" in response.content.decode() or "X-CSRFToken" in response.content.decode()


@pytest.mark.parametrize("name", ["plans:plan_cascade", "plans:plan_coverage"])
def test_cascade_and_coverage_from_the_cache(client, big_plan, district_coordinator, name):
    client.force_login(district_coordinator)
    sql, _response = hit_queries(client, reverse(name, args=[big_plan.pk]))
    assert len(sql) <= 2, sql


def test_a_new_task_shows_at_once(client, big_plan, district_coordinator, world):
    client.force_login(district_coordinator)
    url = big_plan.get_absolute_url()
    stored(client, url)
    TaskFactory(plan=big_plan, number="999", title="Việc mới thêm", lead=[world.phong_noi_vu])
    assert "Việc mới thêm" in client.get(url).content.decode()


def test_a_task_edit_and_progress_show_at_once(client, big_plan, district_coordinator, district_officer, world):
    client.force_login(district_officer)
    mine = reverse("plans:task_mine")
    stored(client, mine)
    assert "Kiểm tra công vụ" not in client.get(mine).content.decode()
    task = big_plan.tasks.order_by("pk").first()
    TaskFactory(plan=big_plan, number="998", title="Kiểm tra công vụ", lead=[world.thanh_tra])
    assert "Kiểm tra công vụ" in client.get(mine).content.decode()  # a task given to the officer's agency
    client.force_login(district_coordinator)
    url = big_plan.get_absolute_url()
    stored(client, url)
    task.title = "Tiêu đề đã sửa"
    task.save()
    assert "Tiêu đề đã sửa" in client.get(url).content.decode()


def test_another_person_never_gets_the_page_of_the_first(client, big_plan, district_coordinator, district_officer):
    url = big_plan.get_absolute_url()
    client.force_login(district_coordinator)
    stored(client, url)
    first = client.get(url).content.decode()
    client.force_login(district_officer)
    second = client.get(url).content.decode()
    assert district_officer.full_name in second and district_coordinator.full_name not in second
    assert first != second


def test_a_page_with_a_message_waiting_is_rendered_again(client, big_plan, district_coordinator):
    client.force_login(district_coordinator)
    url = big_plan.get_absolute_url()
    stored(client, url)
    client.cookies[settings.MESSAGE_COOKIE_NAME if hasattr(settings, "MESSAGE_COOKIE_NAME") else "messages"] = "x"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries.captured_queries) > 2  # a flash message is shown once: never from the cache


def test_feedback_inbox_from_the_cache_and_a_new_item(client, world, commune_officer):
    from chiso.citizens.tests.factories import FeedbackFactory

    client.force_login(commune_officer)
    url = reverse("citizens:feedback_list") + "?tab=all"
    sql, _response = hit_queries(client, url)
    assert len(sql) <= 2, sql
    FeedbackFactory(unit=world.bach_sam, subject="Cống thoát nước bị tắc")
    assert "Cống thoát nước bị tắc" in client.get(url).content.decode()


def test_the_calendar_makes_every_page_stale(client, big_plan, district_coordinator):
    import datetime as dt

    from chiso.core.models import CalendarException

    client.force_login(district_coordinator)
    url = big_plan.get_absolute_url()
    stored(client, url)
    CalendarException.objects.create(date=dt.date(2099, 1, 2), kind=CalendarException.Kind.choices[0][0])
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries.captured_queries) > 2  # rendered again


@pytest.mark.parametrize("url", ["/api/v1/plans/", "/api/v1/units/?q=bach"])
def test_api_lists_from_the_cache(client, big_plan, district_coordinator, url):
    client.force_login(district_coordinator)
    client.get("/plans/tasks/mine/")  # the browser's CSRF cookie, from a page
    sql, response = hit_queries(client, url)
    assert len(sql) <= 2, sql
    assert response["Content-Type"].startswith("application/json")


def test_a_new_plan_shows_in_the_api_list_at_once(client, big_plan, district_coordinator, world):
    client.force_login(district_coordinator)
    client.get("/plans/tasks/mine/")
    stored(client, "/api/v1/plans/")
    PlanFactory(unit=world.bach_sam, title="Kế hoạch phường mới")
    assert "Kế hoạch phường mới" in client.get("/api/v1/plans/").content.decode()


def test_nothing_is_served_per_person_while_redis_is_down(client, big_plan, district_coordinator, monkeypatch):
    client.force_login(district_coordinator)
    url = big_plan.get_absolute_url()
    stored(client, url)
    backend = caches["default"]
    if isinstance(backend, FallbackRedisCache):  # on Redis (CI's PostgreSQL run): down now, not retried in this test
        monkeypatch.setattr(backend, "_down_since", time.monotonic())
        monkeypatch.setattr(backend, "_retry_at", float("inf"))
    else:  # the embedded default's local cache: as the Redis backend says when it is down
        monkeypatch.setattr(backend, "redis_is_down", True, raising=False)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries.captured_queries) > 2  # rendered: each process's fallback cache would hold its own versions
