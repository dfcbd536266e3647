"""Legacy encodings: TCVN3 is converted to Unicode; VNI is refused with a message naming it."""

import pytest

from chiso.imports.reader import read_document
from chiso.imports.sources import ImportRefused, detect_legacy, tcvn3_encode

PLAN = """ỦY BAN NHÂN DÂN
PHƯỜNG BẠCH SAM
Số: 12/KH-UBND
Bạch Sam, ngày 19 tháng 01 năm 2023
KẾ HOẠCH
Nâng cao Chỉ số hiệu quả quản trị và hành chính công phường Bạch Sam năm 2023
Thực hiện Kế hoạch số 20/KH-UBND ngày 17/01/2023 của UBND thị xã Mỹ Hào;
I. MỤC ĐÍCH, YÊU CẦU
1. Tham gia của người dân ở cấp cơ sở
Tuyên truyền để người dân tham gia xây dựng chính quyền.
"""


def test_tcvn3_text_is_detected_and_converted():
    # given: the plan as a TCVN3 (ABC) file: one byte per letter, bytes 0xA1–0xFE
    data = tcvn3_encode(PLAN).encode("latin-1")
    assert "Céng hoµ".encode("latin-1") in tcvn3_encode("Cộng hoà").encode("latin-1")
    # when
    result = read_document(data, "ke-hoach.txt")
    # then: Unicode again (upper-case toned letters come back lower-case: TCVN3 has no code for them)
    assert result["plan"]["title"] == "Nâng cao Chỉ số hiệu quả quản trị và hành chính công phường Bạch Sam năm 2023"
    assert result["plan"]["code"] == "12/KH-UBND"
    assert result["plan"]["issued_on"] == "2023-01-19"
    assert result["sections"][1]["dimension"] == "D1"
    assert any("TCVN3" in w for w in result["warnings"])


def test_tcvn3_detection_leaves_unicode_alone():
    assert detect_legacy(PLAN) is None
    assert detect_legacy(tcvn3_encode(PLAN)) == "TCVN3"


def test_vni_is_refused_with_a_message_naming_it():
    vni = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc\nKEÁ HOAÏCH naâng cao chæ soá"
    with pytest.raises(ImportRefused, match="VNI"):  # named in every language
        read_document(vni.encode("cp1252"), "ke-hoach.txt")
