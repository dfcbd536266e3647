"""Phone numbers and e-mail addresses are found as Vietnamese people write them; dates and amounts are not."""

import pytest

from chiso.lib.personal import Finding, find, find_in


@pytest.mark.parametrize(
    "text, phone",
    [
        ("Liên hệ 0912345678 để biết thêm", "0912345678"),
        ("gọi 0912 345 678.", "0912 345 678"),
        ("số 0912.345.678", "0912.345.678"),
        ("số 0912-345-678", "0912-345-678"),
        ("ĐT: +84 912 345 678", "+84 912 345 678"),
        ("ĐT:+84912345678", "+84912345678"),
        ("ĐT 84912345678", "84912345678"),
        ("bàn (024) 3825 1234", "(024) 3825 1234"),
        ("bàn 0243.825.1234", "0243.825.1234"),
        ("bà Hoa (0389 123 456) phản ánh", "0389 123 456"),
    ],
)
def test_phone_numbers_are_found(text, phone):
    assert find(text) == [Finding("phone", phone)]


@pytest.mark.parametrize(
    "text",
    [
        "Ngày 01.02.2025 UBND phường đã họp",
        "Kinh phí 1.000.000.000 đồng",
        "Theo Quyết định số 05/2025/QĐ-UBND",
        "Mã PA-7K3M-9QXD, 120 hộ, 3.500 m2",
        "tài khoản 0123456789012345 tại ngân hàng",
        "năm 2024 có 1234567890 lượt",
    ],
)
def test_dates_amounts_and_numbers_are_not_phones(text):
    assert find(text) == []


def test_emails_are_found_once_in_order():
    text = "Gửi hoa.tran@gmail.com hoặc 0912345678, rồi lại hoa.tran@gmail.com"
    assert find(text) == [Finding("email", "hoa.tran@gmail.com"), Finding("phone", "0912345678")]
    assert find_in(subject="Ông Bình 0912345678", answer="Đã gọi 0912345678") == [Finding("phone", "0912345678")]
    assert find("Đã xử lý xong, cảm ơn ông/bà @phường") == []
