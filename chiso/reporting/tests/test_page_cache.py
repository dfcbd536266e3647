"""The period page and the consolidated report are cached whole per person and period version
(``core.personcache``, ``reporting/pageversions.py``): served without a query of their own, and a change shows at
once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from chiso.reporting import services


def stored(client, url):
    client.get(url)  # the browser's CSRF cookie
    client.get(url)  # the page stored


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def test_period_page_from_the_cache_and_a_report_started(client, town, world, district_coordinator, district_officer):
    client.force_login(district_coordinator)
    url = town.period.get_absolute_url()
    stored(client, url)
    n, before = queries_of(client, url)
    assert n <= 2  # the session and the user
    services.start_submission(town.period.requests.get(agency=world.thanh_tra), actor=district_officer)
    n, after = queries_of(client, url)
    assert n > 2 and after != before


def test_consolidated_report_from_the_cache_and_an_edit(client, report, district_coordinator):
    client.force_login(district_coordinator)
    url = report.get_absolute_url()
    stored(client, url)
    n, before = queries_of(client, url)
    assert n <= 2
    report.summary = "Đánh giá chung đã sửa"
    report.save()
    n, after = queries_of(client, url)
    assert "Đánh giá chung đã sửa" in after and after != before


def test_the_appendix_is_loaded_when_scrolled_to(client, report, district_coordinator):
    client.force_login(district_coordinator)
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'hx-get="?part=appendix"' in page and 'id="task-results"' not in page
    part = client.get(report.get_absolute_url() + "?part=appendix", HTTP_HX_REQUEST="true").content.decode()
    assert part.count("<tr>") == 1 + len(report.task_results) and "<html" not in part
    whole = client.get(report.get_absolute_url() + "?part=appendix").content.decode()  # without JavaScript
    assert 'id="task-results"' in whole and "<html" in whole
