"""Openings of real documents from other localities (copies of /work/shared/corpus, each citing its source address
on its first line): decisions that issue a plan, web copies with header cells joined by "|", menus before the text,
English summaries, a draft with a blank number. The header is read where it is written; nothing crashes."""

import json
from pathlib import Path

import jsonschema
import pytest

from chiso.imports.accuracy import add, compare, field_mean
from chiso.imports.reader import read_document

SCHEMA = json.loads((Path(__file__).parent.parent / "schema" / "plan-import.schema.json").read_text(encoding="utf-8"))
CORPUS = sorted((Path(__file__).parent / "fixtures" / "corpus").glob("*.txt"))


def read(stem):
    path = next(p for p in CORPUS if p.name.startswith(stem))
    return read_document(path.read_bytes(), path.name)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem[:20])
def test_every_opening_is_read_without_its_source_notes(path):
    result = read_document(path.read_bytes(), path.name)
    assert not (result["plan"]["title"] or "").startswith(("SOURCE", "KIND"))
    jsonschema.validate(result, SCHEMA)  # news items and English summaries too keep to the import schema


@pytest.mark.parametrize(
    "stem,code,issuer,issued_on,title",
    [
        ("01_", "2922/QĐ-UBND", "UBND tỉnh Bà Rịa - Vũng Tàu", "2017-10-16", "Chương trình hành động nâng cao"),
        ("02_", "2844/QĐ-UBND", "UBND thành phố Hồ Chí Minh", "2021-08-14", "Cải thiện Chỉ số Hiệu quả"),
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


def test_a_news_item_gives_the_plan_it_tells_of():
    """ "Ngày 08/02/2023, UBND thành phố đã ban hành Kế hoạch Số 19/KH-UBND về Nâng cao … thành phố Hưng Yên năm
    2023": the sentence names no city, the plan's title does."""
    plan = read("07_")["plan"]
    assert (plan["code"], plan["issued_on"], plan["year"]) == ("19/KH-UBND", "2023-02-08", 2023)
    assert plan["issuer"] == "UBND thành phố Hưng Yên"
    assert plan["title"] == "Nâng cao Hiệu quả quản trị và Hành chính công (PAPI) thành phố Hưng Yên năm 2023"


@pytest.mark.parametrize(
    "stem,code,issued_on,year,title",
    [
        ("11_", "69/KH-UBND", "2018-03-14", 2018, "Improving, increasing Provincial Governance"),
        ("12_", "87/KH-UBND", None, 2024, "Maintain and improve the Administrative Reform Index"),
    ],
)
def test_an_english_summary_gives_number_date_and_title(stem, code, issued_on, year, title):
    plan = read(stem)["plan"]
    assert (plan["code"], plan["issued_on"], plan["year"]) == (code, issued_on, year)
    assert plan["title"].startswith(title)


def test_other_kinds_of_document_and_list_items():
    assert read("19_")["plan"]["title"].startswith("Đánh giá kết quả và đề nghị công nhận")  # "DỰ THẢO BÁO CÁO"
    assert read("16_")["plan"]["title"] == ""  # "1. Sở, ban, ngành …" is not a title: nothing is guessed


def test_the_corpus_openings_header_fields_score_as_annotated():
    """The hand annotations of corpus/gold (header fields): a floor under the figure of docs/benchmarks.md."""
    total = {}
    annotated = [p for p in CORPUS if (p.parent / "gold" / f"{p.stem}.json").exists()]
    assert len(annotated) == 14
    for path in annotated:
        gold = json.loads((path.parent / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
        add(total, compare(gold, read_document(path.read_bytes(), path.name)))
    assert field_mean(total) >= 0.85
