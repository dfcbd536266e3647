"""A scorecard computed on the fixed world against an independent calculation written out by hand."""

from decimal import Decimal

from chiso.dashboards import scorecards
from chiso.dashboards.models import Scorecard, default_criteria

from .factories import YEAR, scorecard


def by_name(results):
    return {str(r.subject): r for r in results}


def test_scores_against_a_calculation_by_hand(world, dash):
    card = scorecard(world)
    assert card.criteria == default_criteria()
    results = scorecards.compute(card, YEAR)
    units = by_name(results["units"])
    # Bạch Sam: tasks 1 on time of (1 on time + 1 late + 3 overdue) = 20%; reports 1 accepted on time of 2 sent = 50%;
    # feedback 1 on time of (1 + 1 late + 1 overdue) = 33.33%; disclosure 0 of 1 place = 0%; remedies 1 of 2 = 50%.
    expected = (30 * 20 + 20 * 50 + 20 * Decimal("33.33") + 15 * 0 + 15 * 50) / 100
    bach_sam = units["Phường Bạch Sam"]
    assert [i.ratio for i in bach_sam.inputs] == [20, 50, Decimal("33.33"), 0, 50]
    assert bach_sam.score == expected.quantize(Decimal("0.01"))
    # Phùng Chí Kiên: tasks 1/1 = 100% (30), reports 0/1 = 0% (20), feedback 1/1 = 100% (20); no disclosure, no
    # remedy: their 30 points of weight are shared, the score is out of the 70 it can be judged on.
    pck = units["Phường Phùng Chí Kiên"]
    assert pck.score == (Decimal(30 * 100 + 20 * 0 + 20 * 100) / 70).quantize(Decimal("0.01")) == Decimal("71.43")
    # ranks and outcomes: PCK first; both under a criterion's minimum (50%), so both are reminded
    assert [str(r.subject) for r in results["units"]] == ["Phường Phùng Chí Kiên", "Phường Bạch Sam"]
    assert [r.rank for r in results["units"]] == [1, 2]
    assert {r.outcome for r in results["units"]} == {scorecards.Outcome.REMIND}


def test_ties_share_a_rank_and_name_each_other(world, dash):
    card = scorecard(world, criteria=[{"key": "disclosure", "weight": 100, "minimum": None}])
    results = scorecards.compute(card, YEAR)
    # Only Bạch Sam had a duty (0%); Phùng Chí Kiên has nothing to be judged on.
    units = by_name(results["units"])
    assert units["Phường Bạch Sam"].score == 0
    assert units["Phường Phùng Chí Kiên"].score is None
    assert units["Phường Phùng Chí Kiên"].outcome == scorecards.Outcome.NOTHING
    # Equal scores share a rank (1, 1, 3) and each names the other.
    a = scorecards.Result("A", "unit", [], score=Decimal("80"))
    b = scorecards.Result("B", "unit", [], score=Decimal("80"))
    c = scorecards.Result("C", "unit", [], score=Decimal("70"))
    ranked = scorecards.rank([c, b, a])
    assert [(r.subject, r.rank) for r in ranked] == [("A", 1), ("B", 1), ("C", 3)]
    assert "B" in ranked[0].tie_note and ranked[2].tie_note == ""


def test_agencies_are_rated_too(world, dash):
    card = scorecard(world)
    agencies = by_name(scorecards.compute(card, YEAR)["agencies"])
    # The town's own agencies lead no task here: nothing to judge.
    assert all(r.score is None for r in agencies.values())


def test_the_scorecard_form_picks_the_unit_and_shows_whole_percentages(world, dash, persona_client):
    client = persona_client("district_coordinator")
    page = client.get(f"/dashboards/scorecards/add/?unit={world.my_hao.pk}").content.decode()
    assert 'name="unit__q"' in page  # the search picker, not a hidden id
    assert 'name="weight_tasks_on_time" value="30"' in page and "30,0" not in page
    data = {"unit": world.my_hao.pk, "name": "", "level": "commune", "reward_from": "90", "remind_below": "70"}
    for c in default_criteria():
        data[f"weight_{c['key']}"], data[f"minimum_{c['key']}"] = c["weight"], c["minimum"]
    answer = client.post("/dashboards/scorecards/add/", {**data, "unit": "", "unit__q": "Mỹ Hào"})
    assert answer.status_code == 302, answer.content.decode()[:3000]
    card = Scorecard.objects.get()
    assert card.unit == world.my_hao and card.name.endswith(world.my_hao.name)
    edit = client.get(f"/dashboards/scorecards/{card.pk}/edit/").content.decode()
    assert 'value="90"' in edit and 'value="15"' in edit and "90,00" not in edit
