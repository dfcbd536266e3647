"""Openings of real documents from other localities (copies of /work/shared/corpus, each citing its source address
on its first line): decisions that issue a plan, web copies with header cells joined by "|", menus before the text,
English summaries, a draft with a blank number. The header is read where it is written; nothing crashes."""

from pathlib import Path

import pytest

from chiso.imports.reader import read_document

CORPUS = sorted((Path(__file__).parent / "fixtures" / "corpus").glob("*.txt"))


def read(stem):
    path = next(p for p in CORPUS if p.name.startswith(stem))
    return read_document(path.read_bytes(), path.name)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem[:20])
def test_every_opening_is_read_without_its_source_notes(path):
    result = read_document(path.read_bytes(), path.name)
    assert not (result["plan"]["title"] or "").startswith(("SOURCE", "KIND"))


@pytest.mark.parametrize(
    "stem,code,issuer,issued_on,title",
    [
        ("01_", "2922/QĐ-UBND", "UBND tỉnh Bà Rịa - Vũng Tàu", "2017-10-16", "Chương trình hành động nâng cao"),
        ("02_", "2844/QĐ-UBND", "UBND thành phố Hồ Chí Minh", "2021-08-14", "Kế hoạch Cải thiện Chỉ số"),
        ("15_", "1356/QĐ-UBND", "UBND tỉnh Ninh Thuận", "2010-08-19", "Chương trình hành động nâng cao chỉ số"),
        ("18_", "130/KH-UBND", "UBND tỉnh Ninh Bình", "2022-07-13", "Giám sát, đánh giá thực hiện Chương trình"),
    ],
)
def test_decisions_and_web_copies_give_their_header(stem, code, issuer, issued_on, title):
    plan = read(stem)["plan"]
    assert (plan["code"], plan["issuer"], plan["issued_on"]) == (code, issuer, issued_on)
    assert plan["title"].startswith(title)


def test_a_plan_named_on_its_web_page_keeps_its_title_and_parent():
    result = read("05_")
    assert result["plan"]["title"].startswith("Tuyên truyền nâng cao Chỉ số hiệu quả quản trị")
    assert result["plan"]["year"] == 2022
    assert [b["code"] for b in result["plan"]["basis"]] == ["176/KH-UBND"]


def test_a_draft_with_a_blank_number_and_date_guesses_nothing():
    plan = read("19_")["plan"]
    assert (plan["code"], plan["issued_on"]) == (None, None)
    assert plan["issuer"] == "UBND phường Long Anh"


def test_a_sentence_is_not_taken_for_an_issuer():
    assert read("07_")["plan"]["issuer"] is None  # "UBND thành phố đã ban hành …" names no city
