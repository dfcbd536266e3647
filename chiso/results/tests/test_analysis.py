"""Profiles, rankings, groups, trends and peers against the loaded results — ranks are checked against an
independent computation straight from the score file, not from the database."""

import statistics
from decimal import Decimal

from chiso.indices.models import Score
from chiso.results import analysis

from .conftest import csv_rows

SCORE_COLUMNS = ["papi_total", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "D1.1", "D3.2", "D5.4", "D8.3"]


def independent_standing(year, column):
    """{province code: (rank, group)} from the CSV: rank = 1 + how many scored more; group k = the first k whose
    quartile (inclusive, as spreadsheets compute it: Q3, Q2, Q1) the score reaches — the years checked here have
    no published groups."""
    values = {
        r["province_code_legacy"].zfill(2): float(r[column])
        for r in csv_rows()
        if r["year"] == str(year) and r[column].strip()
    }
    q1, q2, q3 = statistics.quantiles(sorted(values.values()), n=4, method="inclusive") if values else (0, 0, 0)
    result = {}
    for code, value in values.items():
        rank = 1 + sum(1 for v in values.values() if v > value)
        group = next((k for k, q in enumerate((q3, q2, q1), 1) if value >= q), 4)
        result[code] = (rank, group)
    return result


def test_2024_profile_equals_loaded_scores(papi_results):
    # given: Sóc Trăng's 2024 row of the score file
    row = next(r for r in csv_rows() if r["year"] == "2024" and r["province_code_legacy"] == "94")
    soc_trang = papi_results.get(code="94")
    # when: its profile is built
    prof = analysis.profile(soc_trang, 2024)
    # then: every score is the file's, and the database's
    stored = dict(Score.objects.filter(unit=soc_trang, year=2024).values_list("code", "value"))
    assert prof.n_dimensions == 8
    for line in prof.lines:
        column = "papi_total" if line.code == "TOTAL" else line.code
        expected = Decimal(row[column]).quantize(Decimal("0.000001")) if row[column] else None
        assert line.value == expected == stored[line.code], line.code
    assert {line.code for line in prof.lines} == set(stored)
    assert prof.total.scale == (Decimal(8), Decimal(80))


def test_ranks_and_groups_match_an_independent_computation(papi_results):
    codes = {u.pk: u.code for u in papi_results}
    for year in (2012, 2017, 2018, 2024):
        for column in SCORE_COLUMNS:
            expected = independent_standing(year, column)
            if not expected:
                continue  # a score that year's structure did not have
            code = "TOTAL" if column == "papi_total" else column
            got = {
                codes[u]: (r.rank, r.group)
                for u, r in analysis.year_table(year).ranking(code).items()
                if r.rank is not None
            }
            assert got == expected, (year, column)
            only = analysis.year_table(year, only=code)  # what the ranking API reads: one score and its sisters
            assert only.scale(code) == analysis.year_table(year).scale(code)
            assert {u: r.rank for u, r in only.ranking(code).items()} == {
                u: r.rank for u, r in analysis.year_table(year).ranking(code).items()
            }
            rows = analysis.ranking(year, code)
            assert [r["rank"] for r in rows if r["rank"]] == sorted(r for r, _g in expected.values())


def test_computed_groups_have_near_equal_sizes(papi_results):
    ranking = analysis.year_table(2017).ranking("TOTAL")
    sizes = [sum(1 for r in ranking.values() if r.group == g) for g in (1, 2, 3, 4)]
    assert sum(sizes) == 63 and max(sizes) - min(sizes) <= 1


def test_2017_has_six_dimensions_and_2018_eight_never_compared(papi_results):
    soc_trang = papi_results.get(code="94")
    p2017, p2018, p2019 = (analysis.profile(soc_trang, y) for y in (2017, 2018, 2019))
    assert [d.code for d in p2017.dimensions] == ["D1", "D2", "D3", "D4", "D5", "D6"]
    assert p2017.total.scale == (Decimal(6), Decimal(60))
    assert [d.code for d in p2018.dimensions] == [f"D{i}" for i in range(1, 9)]
    # the 2018 structure is not compared with 2017; 2019 with 2018 is
    assert all(line.change is None and not line.comparable for line in p2018.lines)
    assert p2019.total.comparable and p2019.total.change == p2019.total.value - p2018.total.value
    # D8 had two sub-dimensions in 2018 and three from 2019: different scales, so not compared
    d81 = next(line for line in p2019.lines if line.code == "D8.1")
    assert d81.scale == (Decimal("0.33"), Decimal("3.33")) and not d81.comparable
    assert next(line for line in p2018.lines if line.code == "D8.1").scale == (Decimal("0.5"), Decimal("5"))


def test_a_gap_is_never_a_zero(papi_results):
    # given: a province PAPI did not score in 2024
    missing = next(
        r["province_code_legacy"].zfill(2) for r in csv_rows() if r["year"] == "2024" and not r["papi_total"]
    )
    prof = analysis.profile(papi_results.get(code=missing), 2024)
    assert prof.total.value is None and prof.total.rank is None and prof.total.group is None
    series = {s.code: s for s in analysis.trend(papi_results.get(code=missing))}
    assert series["TOTAL"].points[2024] is None


def test_trend_splits_at_2018_and_at_changes_of_scale(papi_results):
    series = {s.code: s for s in analysis.trend(papi_results.get(code="94"))}
    total = series["TOTAL"]
    assert [seg["years"][0] for seg in total.segments] == [2011, 2018]
    assert total.segments[0]["scale"] == (Decimal(6), Decimal(60)) and total.segments[1]["scale"] == (8, 80)
    assert [seg["years"] for seg in series["D8.1"].segments] == [[2018], list(range(2019, 2025))]
    assert series["D7"].segments[0]["years"][0] == 2018


def test_peers(papi_results):
    units = analysis.provinces(successors=True)
    soc_trang = next(u for u in units.values() if u.code == "94")
    assert {u.code for u in analysis.peers(soc_trang, "successor", units)} == {"92", "93"}
    region = analysis.peers(soc_trang, "region", units)
    assert len(region) == 12 and all(u.code >= "80" for u in region)
    assert {"84", "93", "95"} <= {u.code for u in analysis.peers(soc_trang, "neighbours", units)}


def test_tile_layout_covers_the_63_provinces_once(papi_results):
    tiles = analysis.tiles()
    assert set(tiles) == {u.code for u in papi_results}
    assert len({(t["col"], t["row"]) for t in tiles.values()}) == 63


def test_outlines_cover_the_63_provinces(papi_results):
    located = {loc["code"] for loc in analysis.shapes()["locations"]}
    assert located == {u.code for u in papi_results}
    assert analysis.shapes()["licence"] == "CC BY 4.0"
