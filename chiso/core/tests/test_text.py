import unicodedata

from chiso.lib.text import clean_text, fold, nfc, vi_sort_key


def test_fold_strips_diacritics_and_d_bar():
    assert fold("Phường Bạch Sam") == "phuong bach sam"
    assert fold("ĐƯỜNG Hào") == "duong hao"


def test_nfc_joins_decomposed_letters():
    decomposed = unicodedata.normalize("NFD", "Quản trị")
    assert decomposed != "Quản trị"
    assert nfc(decomposed) == "Quản trị"


def test_clean_text_collapses_pdf_spaces():
    assert clean_text("  Ủy ban   nhân\tdân ") == "Ủy ban nhân dân"


def test_vietnamese_alphabetical_order():
    words = ["Đông Hưng", "Dương Quang", "Ân Thi", "An Lão", "Ba Vì", "Ư", "Ủy", "Uông Bí"]
    assert sorted(words, key=vi_sort_key) == [
        "An Lão",
        "Ân Thi",
        "Ba Vì",
        "Dương Quang",
        "Đông Hưng",
        "Uông Bí",
        "Ủy",
        "Ư",
    ]
