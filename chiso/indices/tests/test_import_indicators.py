"""Indicators from .xlsx: real workbooks written with openpyxl, all or nothing, row-by-row messages."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from chiso.core.audit import history_for
from chiso.indices.models import Dimension, Index, Indicator, SubDimension
from chiso.indices.services import TEMPLATE_HEADERS, import_indicators


@pytest.fixture
def framework(db):
    papi = Index.objects.create(code="PAPI")
    d1 = Dimension.objects.create(index=papi, code="D1", order=1, name_vi="Tham gia")
    d2 = Dimension.objects.create(index=papi, code="D2", order=2, name_vi="Công khai, minh bạch")
    SubDimension.objects.create(dimension=d1, code="D1.1", name_vi="Tri thức công dân")
    SubDimension.objects.create(dimension=d2, code="D2.2", name_vi="Danh sách hộ nghèo")
    return papi


def xlsx(rows, headers=TEMPLATE_HEADERS, title_rows=0):
    workbook = Workbook()
    sheet = workbook.active
    for _ in range(title_rows):
        sheet.append(["BIỂU CHỈ TIÊU PAPI"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("chi-tieu.xlsx", buffer.getvalue())


def test_imports_and_updates_with_audit(framework, admin_user):
    result = import_indicators(
        xlsx(
            [
                ["D2.2.1", "D2", "D2.2", "Biết danh sách hộ nghèo", "Aware of the list"],
                ["D1.1.1", "d1", "", "Hiểu quyền bầu cử", ""],
            ],
            title_rows=2,
        ),
        actor=admin_user,
    )
    assert result.ok and result.created == 2
    indicator = Indicator.objects.get(code="D2.2.1")
    assert indicator.subdimension.code == "D2.2" and indicator.name_en == "Aware of the list"
    assert history_for(indicator).get().actor == admin_user
    result = import_indicators(
        xlsx([["D2.2.1", "D2", "D2.2", "Biết danh sách hộ nghèo được niêm yết", ""]]), actor=admin_user
    )
    assert result.updated == 1 and Indicator.objects.count() == 2


def test_one_bad_row_saves_nothing(framework, admin_user):
    rows = [
        ["D2.2.1", "D2", "D2.2", "Tốt", ""],
        ["X1", "D9", "", "Sai nội dung", ""],
        ["X2", "D1", "D2.2", "Sai thành phần", ""],
        ["D2.2.1", "D2", "", "Trùng", ""],
        ["X3", "D1", "", "", ""],
    ]
    result = import_indicators(xlsx(rows), actor=admin_user)
    assert not result.ok
    errors = {row.line: row.errors for row in result.rows}
    assert errors[2] == []
    assert "D9" in errors[3][0]
    assert "D2.2" in errors[4][0]
    assert "repeated" in errors[5][0] or "lặp" in errors[5][0]
    assert errors[6]
    assert not Indicator.objects.exists()


@pytest.mark.parametrize("content", [b"", b"not a workbook", b"PK\x03\x04broken zip"])
def test_not_an_xlsx_is_refused(framework, admin_user, content):
    result = import_indicators(SimpleUploadedFile("x.xlsx", content), actor=admin_user)
    assert not result.ok and result.errors


def test_missing_columns_are_reported(framework, admin_user):
    result = import_indicators(xlsx([["D1", "x"]], headers=["Tên", "Ghi chú"]), actor=admin_user)
    assert result.errors and not Indicator.objects.exists()


def test_only_administrators_import(framework, commune_officer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_indicators(xlsx([]), actor=commune_officer)


def test_screens(client, framework, admin_user):
    client.force_login(admin_user)
    template = client.get(reverse("indices:indicator_import_template"))
    sheet = load_workbook(io.BytesIO(template.content)).active
    assert [c.value for c in sheet[1]] == TEMPLATE_HEADERS
    page = client.post(
        reverse("indices:indicator_import"), {"year": 2024, "file": xlsx([["D1.1.9", "D1", "D1.1", "Thử", ""]])}
    )
    assert page.status_code == 200 and not Indicator.objects.exists()  # checked, not saved
    page = client.post(
        reverse("indices:indicator_import"),
        {"year": 2024, "file": xlsx([["D1.1.9", "D1", "D1.1", "Thử", ""]]), "confirm": "1"},
    )
    assert page.status_code == 302 and Indicator.objects.filter(code="D1.1.9").exists()
    bad = client.post(
        reverse("indices:indicator_import"), {"year": 2024, "file": xlsx([["", "D1", "", "", ""]]), "confirm": "1"}
    )
    assert bad.status_code == 400


def test_a_year_list_is_checked_against_that_year(framework, admin_user):
    SubDimension.objects.filter(code="D1.1").update(until=2017)
    result = import_indicators(xlsx([["D1.1.1", "D1", "D1.1", "Tri thức", "Knowledge"]]), actor=admin_user, year=2024)
    assert not result.ok and "2024" in result.rows[0].errors[0].vi and "2024" in result.rows[0].errors[0].en
    result = import_indicators(xlsx([["D2.2.1", "D2", "D2.2", "Biết danh sách", "Aware"]]), actor=admin_user, year=2024)
    assert result.ok and Indicator.objects.get(code="D2.2.1").sources == [{"title": "PAPI 2024", "year": 2024}]


def test_a_province_coordinator_loads_the_list_a_district_one_may_not(client, world, framework, province_coordinator,
                                                                      district_coordinator):  # fmt: skip
    url = reverse("indices:indicator_import")
    client.force_login(district_coordinator)
    assert client.get(url).status_code == 403
    client.force_login(province_coordinator)
    upload = xlsx([["D2.2.1", "D2", "D2.2", "Biết danh sách hộ nghèo", "Aware of the list"]])
    response = client.post(url, {"year": 2024, "file": upload, "confirm": "1"})
    assert response.status_code == 302 and Indicator.objects.filter(code="D2.2.1").exists()


def test_the_command_reports_every_row_and_saves_nothing_on_error(framework, admin_user, tmp_path):
    from django.core.management import CommandError, call_command

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([["D2.2.1", "D2", "", "Tốt", ""], ["X1", "D9", "", "Sai", ""]]).read())
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_indicators", str(bad), "--year", "2024", stderr=err)
    assert "3" in err.getvalue() and "D9" in err.getvalue() and not Indicator.objects.exists()
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx([["D2.2.1", "D2", "D2.2", "Biết danh sách", "Aware"]]).read())
    out = io.StringIO()
    call_command("import_indicators", str(good), "--year", "2024", stdout=out)
    assert "1" in out.getvalue() and Indicator.objects.count() == 1
