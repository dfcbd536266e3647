"""Loading a year of results from PAPI's layout: all or nothing, with a report per row."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from chiso.accounts.tests.factories import UserFactory
from chiso.core.models import AuditEntry
from chiso.indices.models import Score
from chiso.results import analysis, services
from chiso.results.models import ResultsRelease

from .conftest import csv_rows


def year_file(year, *, edit=None, drop=None, as_xlsx=False, name=None):
    """The 2024 rows re-labelled ``year``: the layout PAPI publishes (one row per province)."""
    rows = [dict(r, year=str(year)) for r in csv_rows() if r["year"] == "2024"]
    if drop:
        rows = [r for r in rows if r["province_code_legacy"] != drop]
    for row in rows:
        if edit:
            edit(row)
    header = list(rows[0])
    if as_xlsx:
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["Kết quả PAPI"])  # a title line above the header, as in the published workbooks
        sheet.append(header)
        for row in rows:
            sheet.append([float(row[h]) if h.startswith(("D", "papi")) and row[h] else row[h] or None for h in header])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return SimpleUploadedFile(name or f"papi-{year}.xlsx", buffer.getvalue())
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name or f"papi-{year}.csv", out.getvalue().encode("utf-8"))


@pytest.fixture
def admin(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


def test_loads_a_new_year_from_xlsx(papi_results, admin):
    # given: a preview of a good 2025 workbook
    before = Score.objects.count()
    preview = services.import_results(year_file(2025, as_xlsx=True), year=2025, actor=admin, dry_run=True)
    assert preview.ok and len(preview.rows) == 63 and Score.objects.count() == before
    # when: it is loaded
    result = services.import_results(year_file(2025, as_xlsx=True), year=2025, actor=admin)
    # then: every score is there, with a release and its audit entry, and the year is ranked
    assert result.ok and Score.objects.count() == before + result.scores
    release = ResultsRelease.objects.get(year=2025)
    assert release.provinces == 63 and AuditEntry.objects.filter(object_id=str(release.pk)).exists()
    assert analysis.profile(papi_results.get(code="94"), 2025).total.rank == 10
    assert 2025 in analysis.published_years()


def test_report_per_row_and_nothing_loaded(papi_results, admin):
    before = Score.objects.count()

    def out_of_scale(row):
        if row["province_code_legacy"] == "94":
            row["D1"] = "11.2"
            row["D1.1"] = "2.9"

    # a score outside its scale, a missing province, a year already loaded, a dimension the year did not have
    result = services.import_results(year_file(2025, edit=out_of_scale, drop="1"), year=2025, actor=admin)
    assert not result.ok
    soc_trang = next(r for r in result.rows if r.province == "94")
    assert any("D1 = 11.200000" in e for e in soc_trang.errors) and any("D1.1" in e for e in soc_trang.errors)
    assert any("Hà Nội" in e for e in result.errors)
    assert "đã được nạp" in " ".join(services.import_results(year_file(2024), year=2024, actor=admin).errors)
    old = services.import_results(year_file(2010), year=2010, actor=admin)
    assert any("Cấu trúc PAPI năm 2010 không có D7" in e for e in old.rows[0].errors)

    # a province twice, an unknown one, text instead of a number
    def twice(row):
        if row["province_code_legacy"] == "95":
            row["province_code_legacy"] = "94"
        if row["province_code_legacy"] == "96":
            row["province_code_legacy"] = "99"
        if row["province_code_legacy"] == "93":
            row["D2"] = "năm"

    messy = services.import_results(year_file(2025, edit=twice), year=2025, actor=admin)
    text = " ".join(e for r in messy.rows for e in r.errors)
    assert "bị trùng" in text and "Không có tỉnh “99”" in text and "không phải là số" in text
    assert Score.objects.count() == before and not ResultsRelease.objects.exists()


def test_not_a_spreadsheet_and_not_an_admin(papi_results, admin):
    junk = services.import_results(SimpleUploadedFile("x.xlsx", b"not a workbook"), year=2025, actor=admin)
    assert junk.errors and not junk.ok
    with pytest.raises(PermissionDenied):
        services.import_results(year_file(2025), year=2025, actor=UserFactory(username="someone"))


def test_import_page(papi_results, admin, client):
    client.force_login(admin)
    assert client.get("/results/import/").status_code == 200
    bad = client.post("/results/import/", {"year": 2025, "file": year_file(2025, drop="1")})
    assert bad.status_code == 400 and "Hà Nội" in bad.content.decode()
    assert client.post("/results/import/", {"year": "", "file": year_file(2025)}).status_code == 400
    preview = client.post("/results/import/", {"year": 2025, "file": year_file(2025)})
    assert preview.status_code == 200 and not Score.objects.filter(year=2025).exists()
    done = client.post("/results/import/", {"year": 2025, "file": year_file(2025), "confirm": "1"})
    assert done.status_code == 302 and Score.objects.filter(year=2025).exists()


def test_reads_province_names_and_vietnamese_headers(papi_results, admin):
    # given: the layout of PAPI's own workbooks — provinces by name, Vietnamese headers, dimensions as "Nội dung 1"
    rows = [r for r in csv_rows() if r["year"] == "2024"]
    codes = [c for c in rows[0] if c.startswith("D")]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["STT", "Tỉnh/Thành phố", "Tổng điểm", *[c.replace("D", "Nội dung ", 1) for c in codes]])
    for i, row in enumerate(rows, 1):
        name = next(u.name for u in papi_results if u.code == row["province_code_legacy"].zfill(2))
        writer.writerow([i, name.replace("Tỉnh ", ""), row["papi_total"], *[row[c] for c in codes]])
    upload = SimpleUploadedFile("papi-2025.csv", out.getvalue().encode("utf-8-sig"))
    # when: it is checked
    result = services.import_results(upload, year=2025, actor=admin, dry_run=True)
    # then: every province is found and every score read
    assert result.ok, (result.errors, [r.errors for r in result.rows if r.errors][:3])
    assert len(result.rows) == 63 and result.scores == 63 * (1 + len([c for c in codes if c in result.columns]))


def test_a_new_year_brings_its_published_groups(papi_results, admin):
    # given: a 2025 file and the group sizes PAPI published for it
    preview = services.import_results(
        year_file(2025), year=2025, actor=admin, dry_run=True, groups_text="15 / 16 / 15 / 15", groups_source="Báo cáo"
    )
    assert preview.ok and preview.group_sizes == [15, 16, 15, 15]
    # a wrong text, or one without its source, is refused with the rest of the file
    assert not services.import_results(year_file(2025), year=2025, actor=admin, groups_text="15 / x").ok
    assert not services.import_results(year_file(2025), year=2025, actor=admin, groups_text="15").ok
    assert not Score.objects.filter(year=2025).exists()
    # when: loaded, the groups are saved with the scores and decide the year's groups
    services.import_results(year_file(2025), year=2025, actor=admin, groups_text="15/16/15/15", groups_source="x")
    ranking = analysis.year_table(2025).ranking("TOTAL")
    assert [sum(1 for r in ranking.values() if r.group == g) for g in (1, 2, 3, 4)] == [15, 16, 15, 15]
    assert analysis.year_table(2025).basis("TOTAL") == "published"
