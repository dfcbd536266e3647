"""PCI, PAR INDEX and SIPAS loaded from a spreadsheet like PAPI's (preview, all or nothing) and shown on the
province profile beside PAPI, on their own scales."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from chiso.accounts.tests.factories import UserFactory
from chiso.indices.models import Score
from chiso.results import other_indices
from chiso.results.models import ResultsRelease


def pci_workbook(provinces, *, edit=None, name="pci-2023.xlsx"):
    """The layout VCCI publishes: a title line, then one row per province with its PCI score."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Chỉ số PCI 2023"])
    sheet.append(["STT", "Tỉnh, thành phố", "Điểm PCI"])
    for n, unit in enumerate(sorted(provinces, key=lambda u: u.code), 1):
        value = round(55 + (int(unit.code) % 17) * 0.9 + n / 100, 2)
        sheet.append([n, unit.name, value])
    if edit:
        edit(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def admin(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


def test_a_pci_year_loaded_from_a_spreadsheet_shows_on_the_profile(papi_results, admin, client):
    client.force_login(admin)
    # given: the preview of a PCI 2023 workbook, nothing saved
    page = client.post("/results/import/", {"index": "PCI", "year": 2023, "file": pci_workbook(papi_results)})
    assert page.status_code == 200 and 'id="import-preview"' in page.content.decode()
    assert not Score.objects.filter(index__code="PCI").exists()
    # when: it is loaded
    page = client.post(
        "/results/import/", {"index": "PCI", "year": 2023, "file": pci_workbook(papi_results), "confirm": "1"}
    )
    assert page.status_code == 302
    assert Score.objects.filter(index__code="PCI", year=2023).count() == 63
    assert ResultsRelease.objects.get(index__code="PCI", year=2023).provinces == 63
    # then: Sóc Trăng's profile shows its PCI beside PAPI, on 0–100, with rank and a computed group
    html = client.get("/results/provinces/94/", {"year": 2023}).content.decode()
    assert 'data-index="PCI"' in html
    standing = next(s for s in other_indices.standings(papi_results.get(code="94"), 2023) if s.index.code == "PCI")
    assert standing.year == 2023 and standing.of == 63 and 1 <= standing.rank <= 63 and standing.group
    assert standing.scale == (0, 100)
    # a profile of another year shows the closest year loaded, and says which
    assert next(iter(other_indices.standings(papi_results.get(code="94"), 2024))).year == 2023
    # PAPI's own results are untouched
    assert not Score.objects.filter(index__code="PAPI", year=2023, code="TOTAL", value__gt=80).exists()


def test_a_wrong_pci_file_loads_nothing_and_says_why(papi_results, admin):
    def spoil(sheet):
        sheet["C3"] = 140  # outside 0–100
        sheet["B4"] = "Tỉnh Không Có"
        sheet.delete_rows(10)

    with translation.override("en"):
        result = other_indices.import_index_results(
            pci_workbook(papi_results, edit=spoil), code="PCI", year=2023, actor=admin
        )
    assert not result.ok and not Score.objects.filter(index__code="PCI").exists()
    messages = " ".join(e for r in result.rows for e in r.errors) + " ".join(result.errors)
    assert "140 is outside the scale" in messages and "Không Có" in messages and "has no row" in messages
    # loaded once
    other_indices.import_index_results(pci_workbook(papi_results), code="PCI", year=2022, actor=admin)
    with translation.override("en"):
        again = other_indices.import_index_results(pci_workbook(papi_results), code="PCI", year=2022, actor=admin)
    assert not again.ok and "already loaded" in " ".join(again.errors)


def test_sipas_accepts_per_cent(papi_results, admin):
    def percent(sheet):
        for row in sheet.iter_rows(min_row=3):
            row[2].value = f"{row[2].value + 30:.2f}%"

    result = other_indices.import_index_results(
        pci_workbook(papi_results, edit=percent), code="SIPAS", year=2023, actor=admin, dry_run=True
    )
    assert result.ok, result.errors + [e for r in result.rows for e in r.errors]
