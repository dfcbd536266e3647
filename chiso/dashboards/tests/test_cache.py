"""The figures part of a dashboard page is cached (issue 20's speed) and renewed when what it shows changes: a
recount (full, or "Recount now" of a subtree, which also renews the units above and their "computed at"), a unit
renamed, a scorecard set up or changed; what belongs to the reader (the menu, the recount button) is never
cached."""

import datetime as dt

from django.utils import timezone

from chiso.dashboards import fragments, services
from chiso.dashboards.models import Recount
from chiso.dashboards.recount import recount, stamps

from .factories import YEAR, scorecard


def page(client, unit, query=f"year={YEAR}"):
    answer = client.get(f"/dashboards/{unit.pk}/?{query}")
    assert answer.status_code == 200
    return answer.content.decode()


def overdue(html) -> str:
    return html.split('id="figures-tasks"')[1].split('data-figure="tasks.overdue" data-value="')[1].split('"')[0]


def an_hour_ago():
    """The fixture's recounts moved an hour back: the page's "computed at" (to the minute) then tells them apart."""
    for stamp in Recount.objects.all():
        Recount.objects.filter(pk=stamp.pk).update(computed_at=stamp.computed_at - dt.timedelta(hours=1))


def shown(at) -> str:
    return timezone.localtime(at).strftime("%d/%m/%Y %H:%M")


def test_the_figures_part_is_read_from_the_cache(world, dash, persona_client, monkeypatch):
    client = persona_client("province_coordinator")
    built = []
    original = fragments.cache.set
    monkeypatch.setattr(fragments.cache, "set", lambda *a, **k: (built.append(a[0]), original(*a, **k)))
    first = page(client, world.hung_yen)
    again = page(client, world.hung_yen)
    assert len([k for k in built if k.startswith("dashboards:part:")]) == 1
    assert overdue(first) == overdue(again) == "3"
    # another period, another dimension, another language: another part
    page(client, world.hung_yen, f"year={YEAR}&period=Q3")
    page(client, world.hung_yen, f"year={YEAR}&dimension=D2")
    assert len([k for k in built if k.startswith("dashboards:part:")]) == 3


def test_a_recount_below_renews_the_part_and_the_time_of_the_units_above(world, dash, persona_client, today):
    """Issue 20: after "Recount now" on a commune, the town and the province (renewed by difference) show the new
    figures and the new time of the count — from the cache too."""
    an_hour_ago()
    client = persona_client("province_coordinator")
    before = page(client, world.hung_yen)
    assert overdue(before) == "3"
    old = Recount.objects.get(year=YEAR, period="Y", root="").computed_at
    assert f"Số liệu tính lúc {shown(old)}" in before

    dash.overdue.completed_on = dt.date(YEAR, 6, 20)  # done on time after all
    dash.overdue.save(update_fields=["completed_on"])
    stamp = recount(YEAR, "Y", root=world.bach_sam, today=today)

    for unit in (world.hung_yen, world.my_hao, world.bach_sam):
        assert stamps(unit, YEAR, "Y")[0] == stamp.computed_at
    after = page(client, world.hung_yen)
    assert overdue(after) == "2"
    assert f"Số liệu tính lúc {shown(stamp.computed_at)}" in after
    assert f"Số liệu tính lúc {shown(old)}" not in after
    town = page(client, world.my_hao)
    assert f"Số liệu tính lúc {shown(stamp.computed_at)}" in town
    # a sibling commune was not recounted: it keeps the time of the full count
    assert stamps(world.phung_chi_kien, YEAR, "Y")[0] == old


def test_a_unit_renamed_shows_at_once(world, dash, persona_client):
    client = persona_client("province_coordinator")
    assert world.my_hao.name in page(client, world.hung_yen)
    world.my_hao.name = "Thị xã Mỹ Hào Mới"
    world.my_hao.save()
    assert "Thị xã Mỹ Hào Mới" in page(client, world.hung_yen)


def test_what_belongs_to_the_reader_is_not_cached(world, dash, persona_client, district_coordinator):
    town = persona_client("district_coordinator")
    html = page(town, world.my_hao)
    assert 'id="recount"' in html and "Chấm điểm thi đua thị xã" not in html
    card = scorecard(world)
    assert card.name in page(town, world.my_hao)  # a scorecard set up shows at once (it is in the cached part)
    services.update_scorecard(card, actor=district_coordinator, loaded_version=card.version, criteria=card.criteria,
                              name="Chấm điểm thi đua 2025")  # fmt: skip
    assert "Chấm điểm thi đua 2025" in page(town, world.my_hao)  # and so does a scorecard changed
    card.name = "Chấm điểm thi đua thị xã"
    card.save()
    # another reader gets the same cached part with their own name in the menu
    html = page(persona_client("province_coordinator"), world.my_hao)
    assert "Province Coordinator" in html and "District Coordinator" not in html
    assert card.name in html and html.count('id="figures-tasks"') == 1


def test_the_units_above_are_linked_only_for_readers_who_may_open_them(world, dash, persona_client):
    """A ward's leader reads the ward's figures, not the town's: the town is named in the breadcrumbs, not linked
    to a page that would answer 404 (the walk of 29/11/2026 found such links); the province's coordinator, who may
    open every unit above the ward, gets the links — from an entry of their own."""
    town_link = f'href="/dashboards/{world.my_hao.pk}/?'
    ward = page(persona_client("leader"), world.bach_sam)
    assert "Thị xã Mỹ Hào" in ward.split('<ol class="breadcrumb')[1].split("</ol>")[0]
    assert town_link not in ward
    assert town_link in page(persona_client("province_coordinator"), world.bach_sam)
