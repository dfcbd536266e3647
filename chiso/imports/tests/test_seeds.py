"""The three seeds: valid JSON against the schema, field by field equal to the gold files, and the acceptance."""

import io
import json
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command

from chiso.imports.accuracy import compare

from .conftest import BACH_SAM, PHUNG_CHI_KIEN, SEEDS, VINH_CHAU, gold

SCHEMA = json.loads((Path(__file__).parent.parent / "schema" / "plan-import.schema.json").read_text(encoding="utf-8"))


def run_command(path):
    out = io.StringIO()
    call_command("import_plan", str(path), "--dry-run", "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_import_plan_prints_json_valid_against_the_schema(seed):
    # when: the command reads the seed
    result = run_command(seed)
    # then: the output follows the schema exactly (dates are checked as dates)
    jsonschema.validate(result, SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_output_equals_the_gold_file_field_by_field(seed):
    # when: the seed is read
    result = run_command(seed)
    # then: every field has neither a missing nor an extra item against the gold annotation
    differences = {field: c for field, c in compare(gold(seed), result).items() if c["fp"] or c["fn"]}
    assert differences == {}


def test_vinh_chau_yields_23_tasks_with_agencies_and_timeframes():
    result = run_command(VINH_CHAU)
    tasks = result["tasks"]
    assert len(tasks) == 23
    assert all(t["lead"] and t["timeframe"]["kind"] != "unspecified" for t in tasks)
    first = tasks[0]
    assert (first["number"], first["group"]) == ("1.1", "Công tác thông tin tuyên truyền")
    assert first["lead"] == ["Phòng Nội vụ"] and first["coordinating"] == ["Ủy ban MTTQ Việt Nam thị xã"]
    by_number = {t["number"]: t for t in tasks}
    assert by_number["1.2"]["coordinating"] == [
        "Ủy ban MTTQ Việt Nam thị xã", "Phòng Văn hóa và Thông tin", "Trung tâm Văn hóa - Thể thao - Truyền thanh",
    ]  # fmt: skip
    assert by_number["1.4"]["timeframe"]["kind"] == "per_plan"
    assert by_number["6.3"]["timeframe"] == {
        "text": "Năm 2023",
        "kind": "year",
        "start": "2023-01-01",
        "end": "2023-12-31",
    }
    assert "5.2" in by_number  # written "5,2," in the document
    assert by_number["7"]["lead"] == ["Phòng Tài nguyên và Môi trường", "Trung tâm Y tế", "Phòng Giáo dục và Đào tạo"]
    unnumbered = [t for t in tasks if t["number"] is None]
    assert [t["activity"][:22] for t in unnumbered] == ["Đối thoại với Nhân dân"]
    assert result["plan"]["code"] is None and result["plan"]["issued_on"] is None  # "Số: /KH-UBND", "ngày tháng năm"


def test_phung_chi_kien_yields_half_year_and_yearly_reporting_and_the_15_working_day_rule():
    result = run_command(PHUNG_CHI_KIEN)
    reporting = [{k: r[k] for k in ("cadence", "due_on", "data_from", "data_to", "to")} for r in result["reporting"]]
    assert reporting == [
        {"cadence": "semiannual", "due_on": "2025-07-05", "data_from": "2025-01-01", "data_to": "2025-06-30",
         "to": "UBND thị xã"},
        {"cadence": "annual", "due_on": "2026-01-05", "data_from": "2025-01-01", "data_to": "2025-12-31",
         "to": "UBND thị xã"},
    ]  # fmt: skip
    assert [d["rule"] for d in result["deadlines"]] == ["15 ngày làm việc kể từ ngày kế hoạch cấp trên được ban hành"]
    plan = result["plan"]
    assert (plan["code"], plan["issued_on"], plan["place"]) == ("15/KH-UBND", "2025-01-21", "Phùng Chí Kiên")
    assert plan["basis"] == [
        {"kind": "Kế hoạch", "code": "03/KH-UBND", "issued_on": "2025-01-03", "issuer": "UBND thị xã"}
    ]
    assert [(t["kind"], t["value"]) for t in plan["targets"]] == [("top_n", 50)]
    dimensions = [s["dimension"] for s in result["sections"] if s["number"] and s["number"].startswith("1.")]
    assert dimensions == ["D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"]


def test_bach_sam_markdown_headings_and_signer():
    result = run_command(BACH_SAM)
    plan = result["plan"]
    assert plan["signer"] == {"name": "Phạm Ngọc Chiến", "title": "Phó Chủ tịch"}
    assert plan["issuer"] == "UBND phường Bạch Sam"
    assert plan["recipients"][0] == "Phòng Nội vụ thị xã"
    assert [s["heading"] for s in result["sections"] if s["level"] == 1] == [
        "MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG", "TỔ CHỨC THỰC HIỆN",
    ]  # fmt: skip
    assert [r["agency"] for r in result["responsibilities"]][0] == "Công chức Văn phòng UBND phường"


@pytest.mark.parametrize("group", ["synthetic", "heldout"])
def test_hand_written_gold_files_of_other_documents(group):
    # given: documents not among the seeds, with gold files written by hand from the text
    from chiso.imports.reader import read_document

    base = Path(__file__).parent / "fixtures" / group
    for gold_path in sorted((base / "gold").glob("*.json")):
        doc = next((base / "docs").glob(f"{gold_path.stem}.*"))
        expected = json.loads(gold_path.read_text(encoding="utf-8"))
        # when
        found = read_document(doc.read_bytes(), doc.name)
        # then
        jsonschema.validate(found, SCHEMA)
        differences = {f: c for f, c in compare(expected, found).items() if c["fp"] or c["fn"]}
        assert differences == {}, doc.name
