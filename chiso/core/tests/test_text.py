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


def test_a_text_box_is_stored_with_plain_line_ends_and_a_line_keeps_its_spaces():
    """A browser sends a text box's lines as CR LF: stored as LF, an untouched text saved again is no change (and
    writes no history entry); a single-line field loses stray whitespace."""
    from django import forms

    from chiso.core.forms import ChisoForm

    class Form(ChisoForm):
        result = forms.CharField(widget=forms.Textarea)
        name = forms.CharField()

    form = Form({"result": "Đã họp dân\r\n- 80 hộ tham dự", "name": "  Tổ   dân phố 1 "})
    assert form.is_valid()
    assert form.cleaned_data["result"] == "Đã họp dân\n- 80 hộ tham dự"
    assert form.cleaned_data["name"] == "Tổ dân phố 1"
