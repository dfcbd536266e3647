"""The province's dashboard (page and API) reads a fixed number of queries however many units lie below it: the
figures are read from the recount, the links built from one reversed pattern, the rows below cached per version of
the figures; a warm page reads only the session, the user, the unit and the version of the figures: the figures
part (with the unit's scorecards) comes from the cache (issue 20's speed)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chiso.dashboards import read
from chiso.dashboards.recount import recount
from chiso.units.tests.factories import UnitFactory

from .factories import YEAR

PAGE = 19  # cold cache: figures, stamps, units below, their figures, the PAPI summary, the session and user…
PAGE_WARM = 4  # the session, the user, the unit, the version of the figures (stamps)
API = 14


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url, limit", [("/dashboards/{}/?year={}", PAGE), ("/api/v1/dashboards/{}/?year={}", API)])
def test_a_province_dashboard_reads_a_fixed_number_of_queries(world, dash, persona_client, url, limit):
    client = persona_client("province_coordinator")
    url = url.format(world.hung_yen.pk, YEAR)
    cache.clear()
    few = queries(client, url)
    for i in range(12):
        UnitFactory(name=f"Xã Thêm {i}", code=f"Q{i:03d}", level="commune", parent=world.hung_yen)
    recount(YEAR, "Y", today=timezone.localdate())
    cache.clear()
    cold = queries(client, url)
    warm = queries(client, url)
    assert cold == few <= limit, (few, cold)
    assert warm < cold  # the rows below (the API) or the whole figures part (the page) come from the cache
    if url.startswith("/dashboards/"):
        assert warm <= PAGE_WARM, warm


def test_a_province_shows_the_units_most_behind_first(world, dash, persona_client, monkeypatch):
    monkeypatch.setattr(read, "FIRST_BELOW", 1)
    client = persona_client("province_coordinator")
    for i in range(3):
        UnitFactory(name=f"Xã Thêm {i}", code=f"Q{i:03d}", level="commune", parent=world.hung_yen)
    page = client.get(f"/dashboards/{world.hung_yen.pk}/?year={YEAR}").content.decode()
    rows = page.split('id="units-below"')[1].split("</table>")[0]
    assert rows.count('<th scope="row"') == 1 and world.my_hao.name in rows  # the town has the overdue tasks
    assert "below=all" in page
    every = client.get(f"/dashboards/{world.hung_yen.pk}/?year={YEAR}&below=all").content.decode()
    assert every.split('id="units-below"')[1].split("</table>")[0].count('<th scope="row"') == 4
