"""The read-only API answers the page's figures and the scorecard's results, through the same policy."""

from rest_framework.test import APIClient

from .factories import YEAR, scorecard


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_dashboard_api_gives_the_pages_figures(world, dash, province_coordinator, other_province_officer):
    answer = api(province_coordinator).get(f"/api/v1/dashboards/{world.bach_sam.pk}/?year={YEAR}&period=Y")
    assert answer.status_code == 200
    tasks = answer.json()["panels"]["tasks"]
    assert tasks["tasks.overdue"]["value"] == 3 and tasks["tasks.overdue"]["denominator"] == 5
    assert tasks["tasks.overdue"]["records"].startswith(f"/dashboards/{world.bach_sam.pk}/records/tasks.overdue/")
    assert answer.json()["computed_at"]
    # out of reach: as for any record, 404
    assert api(other_province_officer).get(f"/api/v1/dashboards/{world.bach_sam.pk}/").status_code == 404
    # a bad filter is said, not a 500
    answer = api(province_coordinator).get(f"/api/v1/dashboards/{world.bach_sam.pk}/?year=20x5&period=Q9")
    assert answer.status_code == 200 and len(answer.json()["warnings"]) == 2


def test_scorecard_results_api(world, dash, commune_officer):
    card = scorecard(world)
    client = api(commune_officer)  # a ward below the town sees the formula and its inputs
    assert client.get("/api/v1/scorecards/").json()["count"] == 1
    answer = client.get(f"/api/v1/scorecards/{card.pk}/results/?year={YEAR}")
    assert answer.status_code == 200
    units = {row["name"]: row for row in answer.json()["units"]}
    assert units["Phường Phùng Chí Kiên"]["score"] == "71.43"
    assert units["Phường Phùng Chí Kiên"]["rank"] == 1
    first = units["Phường Bạch Sam"]["inputs"][0]
    assert first["criterion"] == "tasks_on_time" and (first["numerator"], first["denominator"]) == (1, 5)
    assert (first["weight"], first["minimum"], first["ratio"]) == ("30", "50", "20.00")
