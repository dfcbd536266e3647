"""The performance groups are PAPI's published ones in every year whose groups are known, and the method used
where nothing was published is the one that reproduces the published years best."""

import json
import statistics
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from chiso.accounts.tests.factories import UserFactory
from chiso.core.models import AuditEntry
from chiso.indices.models import Index
from chiso.results import analysis, groups, groups_services
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
    assert "tứ phân vị" in prof.total.basis_label  # said on every page, in the reader's language
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


@pytest.fixture
def admin(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


def test_an_administrator_enters_published_groups_with_a_preview(papi_results, admin, client):
    client.force_login(admin)
    # given: 2021 has no published groups (computed, labelled so)
    assert analysis.year_table(2021).basis("TOTAL") == groups.COMPUTED
    # when: cut points are checked, the preview says where the provinces fall and nothing is saved
    page = client.post("/results/groups/", {"year": 2021, "groups": "44,00; 42,50; 41,00", "source": "Báo cáo"})
    html = page.content.decode()
    assert page.status_code == 200 and 'id="groups-preview"' in html
    assert not PublishedGroups.objects.filter(year=2021).exists()
    # then: saved, every page follows them
    page = client.post(
        "/results/groups/", {"year": 2021, "groups": "44,00; 42,50; 41,00", "source": "Báo cáo", "confirm": "1"}
    )
    assert page.status_code == 302
    row = PublishedGroups.objects.get(year=2021)
    assert row.lower_bounds == ["44.00", "42.50", "41.00"]
    assert AuditEntry.objects.filter(object_id=str(row.pk)).exists()
    table = analysis.year_table(2021)
    assert table.basis("TOTAL") == groups.PUBLISHED
    assert all(
        (r.group == 1) == (r.value.quantize(Decimal("0.01")) >= Decimal("44.00"))
        for r in table.ranking("TOTAL").values()
        if r.value is not None
    )
    # a stale edit is refused; an empty text removes them again
    stale = client.post(
        "/results/groups/", {"year": 2021, "groups": "16/15/15/14", "source": "x", "version": 0, "confirm": "1"}
    )
    assert stale.status_code == 400 and PublishedGroups.objects.get(year=2021).sizes == []
    client.post("/results/groups/", {"year": 2021, "groups": "", "source": "", "version": row.version, "confirm": "1"})
    assert not PublishedGroups.objects.filter(year=2021).exists()


@pytest.mark.parametrize(
    "text, message",
    [
        ("42,5; 44,1; 40,2", "ngưỡng sau thấp hơn ngưỡng trước"),
        ("abc", "Nhập điểm thấp nhất"),
        ("16 / 16 / 16 / 16", "các nhóm là 64"),
        ("1 2 3 4 5", "tối đa bốn"),
    ],
)
def test_wrong_groups_are_refused_with_a_message(papi_results, admin, client, text, message):
    client.force_login(admin)
    page = client.post("/results/groups/", {"year": 2021, "groups": text, "source": "x", "confirm": "1"})
    assert page.status_code == 400 and message in page.content.decode()
    assert f'value="{text}"' in page.content.decode()  # what was typed is kept
    assert not PublishedGroups.objects.filter(year=2021).exists()


def test_the_groups_page_is_for_administrators(papi_results, client):
    assert client.get("/results/groups/").status_code in (302, 403)
    with pytest.raises(PermissionDenied):
        groups_services.set_published_groups(
            index=Index.objects.get(code="PAPI"), year=2021, code="TOTAL", text="15", source="x", actor=AnonymousUser()
        )
