"""How the pages write what officials read (issue 14): targets as understood, dates as dd/mm/yyyy, basis documents
as a plan cites them; and the Decree 30 wording helpers of the exports."""

import datetime as dt

import pytest
from django.utils import translation

from chiso.plans import decree30
from chiso.plans.templatetags.plans import basis_line, dmy, target_meaning


@pytest.mark.parametrize(
    ("kind", "value", "said"),
    [
        ("top_n", "50", "Vào nhóm 50 đứng đầu"),
        ("score_band", "khá", "Đạt điểm khá"),
        ("score", "36.5", "Đạt 36,5 điểm"),
        ("rank", "10", "Xếp thứ 10"),
        ("rank", "+5", "Tăng 5 bậc"),
        ("other", "", "chưa đọc được: giữ nguyên văn"),
    ],
)
def test_targets_as_understood(kind, value, said):
    with translation.override("vi"):
        assert target_meaning({"kind": kind, "value": value}) == said


def test_dates_and_basis_as_officials_write_them():
    assert dmy("2025-01-03") == "03/01/2025" and dmy(dt.date(2014, 7, 4)) == "04/07/2014" and dmy(None) == ""
    doc = {"kind": "Kế hoạch", "code": "03/KH-UBND", "issued_on": "2025-01-03", "issuer": "UBND thị xã Mỹ Hào"}
    assert basis_line(doc) == "Kế hoạch số 03/KH-UBND ngày 03/01/2025 của UBND thị xã Mỹ Hào"
    assert basis_line({"text": "Quyết định ban hành ngày 2014-07-04"}) == "Quyết định ban hành ngày 04/07/2014"


def test_decree30_wording():
    # the date line: a zero before days below 10 and the months 1 and 2 only
    assert decree30.document_date(dt.date(2025, 1, 3)) == "ngày 03 tháng 01 năm 2025"
    assert decree30.document_date(dt.date(2023, 3, 15)) == "ngày 15 tháng 3 năm 2023"
    # "Nơi nhận": one recipient a line, the file copy once and last
    assert decree30.recipient_lines(["- Sở Nội vụ.", "Lưu: VT.", "UBND tỉnh;", "sở nội vụ", "- Lưu: VT, NC"]) == [
        "- Sở Nội vụ;",
        "- UBND tỉnh;",
        "- Lưu: VT, NC.",
    ]
    # a vice-chair signs for the chair
    assert decree30.signer_lines("Phó Chủ tịch UBND phường") == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert decree30.signer_lines("") == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    # names inside a sentence and in table cells
    assert decree30.agency_name("UBND Phường 1.") == "UBND phường 1"
    assert decree30.strip_kind("Kế hoạch nâng cao Chỉ số PAPI", "Kế hoạch") == "Nâng cao Chỉ số PAPI"
    assert decree30.committees_label(["Xã", "Phường"]) == "UBND các xã, phường"
    assert decree30.committees_label(["Huyện", "Thị xã"]) == "UBND các huyện, thị xã"
