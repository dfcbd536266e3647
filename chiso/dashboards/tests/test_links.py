"""Every figure on a dashboard equals the count of the records its link lists (issue 20's acceptance): the test
walks every link of the province's, the town's and the ward's dashboards, for the year, a quarter and a dimension."""

import re

import pytest

from .factories import YEAR

FIGURE = re.compile(r'<a href="([^"]+)" class="text-decoration-none" data-figure="([^"]+)" data-value="(\d+)">')
COUNT = re.compile(r'id="records-count" data-count="(\d+)"')


def walk(client, unit, query):
    page = client.get(f"/dashboards/{unit.pk}/?{query}")
    assert page.status_code == 200
    links = FIGURE.findall(page.content.decode())
    assert links, "the dashboard shows no figure"
    checked = 0
    for href, key, value in links:
        listed = client.get(href.replace("&amp;", "&"))
        assert listed.status_code == 200, href
        count = int(COUNT.search(listed.content.decode()).group(1))
        assert count == int(value), f"{unit.name} {key} {query}: figure {value}, {count} records listed ({href})"
        checked += 1
    return checked


@pytest.mark.parametrize("query", [f"year={YEAR}", f"year={YEAR}&period=Q1", f"year={YEAR}&dimension=D2"])
def test_each_figure_equals_the_records_listed(world, dash, persona_client, query):
    client = persona_client("province_coordinator")
    checked = sum(walk(client, unit, query) for unit in (world.hung_yen, world.my_hao, world.bach_sam))
    assert checked > 100


def test_the_figures_are_not_all_zero(world, dash, persona_client):
    client = persona_client("province_coordinator")
    page = client.get(f"/dashboards/{world.bach_sam.pk}/?year={YEAR}").content.decode()
    values = {}
    for _href, key, v in FIGURE.findall(page):
        values.setdefault(key, int(v))  # the panels come first
    assert values["tasks.overdue"] == 3
    assert values["feedback.overdue"] == 1
    assert values["disclosures.missing"] == 1
    assert values["surveys.index"] == 2  # the survey's responses, listed behind its index
