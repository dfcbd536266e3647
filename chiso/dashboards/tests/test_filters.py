"""Wrong values in a dashboard's query string (a year typed "abc", a quarter "Q9", an unknown dimension) are
explained in Vietnamese and the other filters kept: never a server error, never filters lost on a redirect."""

import pytest

from chiso.dashboards import read

from .factories import YEAR, scorecard

YEAR_MESSAGE = "Năm gồm bốn chữ số (ví dụ 2025): không hiểu"


def test_the_menu_entry_keeps_the_filters_on_its_way_to_the_unit(world, dash, persona_client):
    client = persona_client("district_coordinator")  # one unit: sent straight to its dashboard
    answer = client.get("/dashboards/?year=abc&period=Q2&dimension=D2")
    assert answer.status_code == 302
    assert answer["Location"] == f"/dashboards/{world.my_hao.pk}/?year=abc&period=Q2&dimension=D2"
    html = client.get(answer["Location"]).content.decode()
    assert YEAR_MESSAGE in html and "“abc”" in html
    assert '<option value="Q2" selected>' in html and '<option value="D2" selected>' in html
    assert client.get("/dashboards/").headers["Location"] == f"/dashboards/{world.my_hao.pk}/"


@pytest.mark.parametrize(
    "query, message, kept",
    [
        ("year=abc&period=Q2", YEAR_MESSAGE, '<option value="Q2" selected>'),
        ("year=²０２５&period=Q3", YEAR_MESSAGE, '<option value="Q3" selected>'),
        ("year=1999&dimension=D1", YEAR_MESSAGE, '<option value="D1" selected>'),
        (f"year={YEAR}&period=Q9&dimension=D2", "Kỳ là cả năm (Y) hoặc một quý", '<option value="D2" selected>'),
        (f"year={YEAR}&period=Q1&dimension=XX", "Không có lĩnh vực PAPI XX", '<option value="Q1" selected>'),
        (f"year={YEAR}&period=Q1&below=what", None, '<option value="Q1" selected>'),
    ],
)
def test_a_wrong_value_is_explained_and_the_others_kept(world, dash, persona_client, query, message, kept):
    answer = persona_client("province_coordinator").get(f"/dashboards/{world.hung_yen.pk}/?{query}")
    assert answer.status_code == 200
    html = answer.content.decode()
    if message:
        assert message in html
    assert kept in html


def test_other_pages_with_wrong_values(world, dash, persona_client):
    client = persona_client("district_coordinator")
    records = client.get(f"/dashboards/{world.my_hao.pk}/records/tasks.overdue/?year=abc&period=Q3&part=D9")
    assert records.status_code == 200 and YEAR_MESSAGE in records.content.decode()
    assert "period=Q3" in records.content.decode()  # the way back keeps the quarter
    card = scorecard(world)
    detail = client.get(f"/dashboards/scorecards/{card.pk}/?year=abc&period=Q2")
    assert detail.status_code == 200 and YEAR_MESSAGE in detail.content.decode()
    assert client.get(f"/dashboards/scorecards/{card.pk}/scorecard.xlsx?year=x&period=Q").status_code == 200
    api = client.get(f"/api/v1/dashboards/{world.my_hao.pk}/?year=abc&period=Q2")
    assert api.status_code == 200
    assert api.json()["period"] == "Q2" and len(api.json()["warnings"]) == 1


def test_a_long_wrong_value_is_quoted_short():
    filters, errors = read.parse_filters({"year": "9" * 500, "period": "q2"})
    assert filters.period == "Q2" and len(errors) == 1 and len(errors[0]) < 200
