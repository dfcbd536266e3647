"""The performance groups are PAPI's published ones in every year whose groups are known, and the method used
where nothing was published is the one that reproduces the published years best."""

import json
import statistics
from decimal import Decimal

import pytest

from chiso.results import analysis, groups
from chiso.results.loaders import GROUPS_JSON
from chiso.results.models import PublishedGroups

from .conftest import csv_rows

# What PAPI published, highest group first (issue 21; shared/data/papi_framework.json "performance_groups").
PUBLISHED_SIZES = {2019: [16, 16, 15, 16], 2020: [16, 16, 15, 16], 2022: [16, 16, 15, 14]}
PUBLISHED_2022_RANGES = [("43.44", "47.88"), ("42.15", "43.25"), ("40.74", "42.14"), ("38.80", "40.72")]


def published_groups_from_file(year):
    """{province code: group} straight from the score file and the published figures, not from the database."""
    rows = [r for r in csv_rows() if r["year"] == str(year) and r["papi_total"].strip()]
    if year == 2022:  # the published ranges, read on the two-decimal score
        result = {}
        for r in rows:
            shown = Decimal(r["papi_total"]).quantize(Decimal("0.01"))
            result[r["province_code_legacy"].zfill(2)] = next(
                g for g, (low, high) in enumerate(PUBLISHED_2022_RANGES, 1) if Decimal(low) <= shown <= Decimal(high)
            )
        return result
    ordered = sorted(rows, key=lambda r: -float(r["papi_total"]))
    result, position = {}, 0
    for group, size in enumerate(PUBLISHED_SIZES[year], 1):
        for r in ordered[position : position + size]:
            result[r["province_code_legacy"].zfill(2)] = group
        position += size
    assert position == len(rows)
    return result


@pytest.mark.parametrize("year", sorted(PUBLISHED_SIZES))
def test_every_province_is_in_its_published_group(papi_results, year):
    codes = {u.pk: u.code for u in papi_results}
    ranking = analysis.year_table(year).ranking("TOTAL")
    got = {codes[u]: r.group for u, r in ranking.items() if r.value is not None}
    assert got == published_groups_from_file(year)
    assert groups.sizes({u: r.group for u, r in ranking.items() if r.group}) == PUBLISHED_SIZES[year]
    assert analysis.year_table(year).basis("TOTAL") == groups.PUBLISHED


def test_2023_has_fifteen_provinces_in_the_highest_group(papi_results):
    table = analysis.year_table(2023)
    ranking = table.ranking("TOTAL")
    sizes = groups.sizes({u: r.group for u, r in ranking.items() if r.group})
    assert sizes[0] == 15 and sum(sizes) == 61
    top = sorted((r.rank, u) for u, r in ranking.items() if r.group == 1)
    assert [rank for rank, _u in top] == list(range(1, 16))
    assert table.basis("TOTAL") == groups.PARTIAL


def test_the_computed_method_reproduces_the_published_years_best(papi_results):
    tables = []
    for row in PublishedGroups.objects.all():
        table = analysis.year_table(row.year)
        ranks = {u: r.rank for u, r in analysis.rank_values(table.values[row.code]).items() if r.rank}
        tables.append((table.values[row.code], ranks, groups.Rule.of(row)))
    measured = groups.accuracy(tables)
    print({m.method: f"{m.correct}/{m.total}" for m in measured})
    assert measured[0].method == groups.METHOD
    best = {m.method: m for m in measured}
    # 2019 and 2020 exactly (63 + 63), 2023's highest group (61); the old cut by position fails everywhere
    assert best["inclusive"].correct > best["position"].correct
    assert best["inclusive"].total == 63 + 63 + 61 + 61


def test_unpublished_years_are_computed_and_say_so(papi_results):
    soc_trang = papi_results.get(code="94")
    prof = analysis.profile(soc_trang, 2024)
    assert prof.total.basis == groups.COMPUTED
    assert "quartile" in prof.total.basis_label
    # inclusive quartiles, a province on a quartile in the upper group
    values = sorted(float(r["papi_total"]) for r in csv_rows() if r["year"] == "2024" and r["papi_total"])
    ranking = analysis.year_table(2024).ranking("TOTAL")
    assert groups.sizes({u: r.group for u, r in ranking.items() if r.group})[0] == sum(
        1 for v in values if v >= statistics.quantiles(values, n=4, method="inclusive")[2]
    )


def test_profiles_of_ba_ria_vung_tau_and_soc_trang_show_the_published_group(papi_results):
    for code in ("77", "94"):
        unit = papi_results.get(code=code)
        for year in sorted(PUBLISHED_SIZES):
            assert analysis.profile(unit, year).total.group == published_groups_from_file(year)[code], (code, year)


def test_the_shipped_file_cites_a_source_for_every_entry():
    for entry in json.loads(GROUPS_JSON.read_text(encoding="utf-8"))["groups"]:
        assert entry["source"] and (entry.get("sizes") or entry.get("lower_bounds"))
