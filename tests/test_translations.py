"""The Vietnamese catalogues are complete, not fuzzy, compiled, and cover the strings the code uses.

The project's catalogue (locale/) and those apps keep of their own (chiso/<app>/locale/, see scripts/i18n.py).
"""

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = [ROOT / "locale", *sorted(p for p in (ROOT / "chiso").glob("*/locale") if p.is_dir())]

TEMPLATE_STRING = re.compile(r"""{%\s*translate\s+(["'])(.+?)\1""")
PYTHON_STRING = re.compile(r"""(?<![\w.])_\(\s*(["'])((?:(?!\1).)+)\1\s*[,)]""")


@pytest.fixture(scope="module", params=CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def locale_dir(request):
    return request.param


@pytest.fixture(scope="module")
def catalogue(locale_dir):
    return polib.pofile(str(locale_dir / "vi/LC_MESSAGES/django.po"))


def test_every_entry_is_translated_and_not_fuzzy(catalogue):
    untranslated = [e.msgid for e in catalogue if not (e.msgstr or (e.msgid_plural and all(e.msgstr_plural.values())))]
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_source(catalogue, locale_dir):
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.mofile(str(locale_dir / "vi/LC_MESSAGES/django.mo"))
    }
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in catalogue if not e.obsolete}
    assert {k: v for k, v in source.items() if compiled.get(k) != v} == {}


def _used_strings():
    found = set()
    for path in [*(ROOT / "templates").rglob("*.html"), *(ROOT / "chiso").glob("*/templates/**/*.html")]:
        found |= {m.group(2) for m in TEMPLATE_STRING.finditer(path.read_text(encoding="utf-8"))}
    for path in (ROOT / "chiso").rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        found |= {m.group(2) for m in PYTHON_STRING.finditer(path.read_text(encoding="utf-8"))}
    return {s for s in found if "\\" not in s}


def test_strings_used_in_code_are_in_the_catalogue():
    ids = {e.msgid for locale_dir in CATALOGUES for e in polib.pofile(str(locale_dir / "vi/LC_MESSAGES/django.po"))}
    missing = sorted(s for s in _used_strings() if s not in ids)
    assert missing == [], "Run `.venv/bin/python scripts/i18n.py` and translate the new strings"


def test_interface_speaks_vietnamese(db):
    with translation.override("vi"):
        assert translation.gettext("Log in") == "Đăng nhập"
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"


def test_django_form_messages_read_as_an_official_writes_them():
    """Django's own messages come from the project's wording (chiso/core/django_messages.py), not Django's
    catalogue ("Nhập một số tổng thể.", "… bằng với 100 .")."""
    from django import forms

    class Form(forms.Form):
        percent = forms.IntegerField(max_value=100)
        day = forms.DateField()
        reason = forms.CharField(max_length=3)

    with translation.override("vi"):
        form = Form({"percent": "150", "day": "31/02/2026", "reason": "quá dài"})
        assert not form.is_valid()
        assert form.errors["percent"] == ["Giá trị không được lớn hơn 100."]
        assert form.errors["day"][0].startswith("Ngày không hợp lệ: ghi theo dạng ngày/tháng/năm")
        assert form.errors["reason"] == ["Tối đa 3 ký tự (đang có 7)."]
        form = Form({"percent": "bảy lăm"})
        assert not form.is_valid()
        assert form.errors["percent"] == ["Ghi một số nguyên, ví dụ 75."]
        assert form.errors["day"] == ["Mục này không được để trống."]
