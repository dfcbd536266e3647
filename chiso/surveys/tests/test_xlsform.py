"""XLSForm out and in: pyxform converts our export, and reading it back keeps every question."""

import io

import pytest
from openpyxl import Workbook, load_workbook
from pyxform.xls2xform import convert

from chiso.surveys import services, xlsform
from chiso.surveys.tests.factories import make_survey

KEPT = ("name", "kind", "label", "label_en", "required", "relevant", "factor", "papi_code", "section")


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["one-stop", "sipas", "mini-papi", "schools", "patients"])
def test_round_trip_keeps_every_question(world, key):
    # given: a seeded template's survey
    survey = make_survey(world.bach_sam, key=key)
    # when: exported, converted by pyxform (what ODK Collect loads) and read back
    data = xlsform.export_xlsform(survey)
    xform = convert(xlsform=io.BytesIO(data), file_type=".xlsx").xform
    read = xlsform.read_xlsform(data)
    # then
    assert "<h:html" in xform
    original = list(survey.questions.order_by("position"))
    assert [q["name"] for q in read["questions"]] == [q.name for q in original]
    for q, back in zip(original, read["questions"], strict=True):
        for name in KEPT:
            assert back.get(name, "") == getattr(q, name), (q.name, name)
        if q.kind in ("single", "multiple"):
            assert [c["name"] for c in back["choices"]] == [c["name"] for c in q.choices]
            assert [c.get("score") for c in back["choices"]] == [c.get("score") for c in q.choices]
    assert read["title"] == survey.title


def _form(rows, choices=()):
    wb = Workbook()
    sheet = wb.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label", "required", "relevant"])
    for row in rows:
        sheet.append(list(row))
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name", "label"])
    for row in choices:
        ch.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_unknown_type_names_the_row():
    with pytest.raises(xlsform.XLSFormError) as caught:
        xlsform.read_xlsform(_form([("text", "a", "A"), ("geoshape_x", "b", "B")]))
    assert caught.value.problems[0][0] == 3
    assert "geoshape_x" in caught.value.messages[0]


def test_broken_relevant_names_the_row():
    with pytest.raises(xlsform.XLSFormError) as caught:
        xlsform.read_xlsform(_form([("integer", "age", "Age"), ("text", "why", "Why", "", "${age} >= = 18")]))
    assert caught.value.problems[0][0] == 3
    with pytest.raises(xlsform.XLSFormError) as caught:
        xlsform.read_xlsform(_form([("text", "why", "Why", "", "${later} = 'x'"), ("text", "later", "L")]))
    assert "later" in caught.value.messages[0]


def test_kobo_form_comes_in_with_likert_detected():
    data = _form(
        [("begin_group", "g", "Phần A"), ("select_one sat", "q1", "Hài lòng?", "yes"), ("end_group", "", ""),
         ("select_multiple svc", "q2", "Dịch vụ"), ("date", "d", "Ngày"), ("note", "n", "Cảm ơn")],
        [("sat", str(i), f"Mức {i}") for i in range(1, 6)] + [("svc", "a", "A"), ("svc", "b", "B")],
    )  # fmt: skip
    read = xlsform.read_xlsform(data)
    kinds = {q["name"]: (q["kind"], q["section"], q["required"]) for q in read["questions"]}
    assert kinds == {"q1": ("likert", "Phần A", True), "q2": ("multiple", "", False), "d": ("date", "", False)}


@pytest.mark.django_db
def test_import_replaces_draft_questions_all_or_nothing(world, province_coordinator):
    survey = make_survey(world.bach_sam, status="draft")
    before = survey.questions.count()
    with pytest.raises(xlsform.XLSFormError):
        services.import_xlsform(survey, actor=province_coordinator, data=_form([("blah", "x", "X")]))
    assert survey.questions.count() == before
    count = services.import_xlsform(survey, actor=province_coordinator, data=_form([("text", "x", "X")]))
    assert count == 1 and list(survey.questions.values_list("name", flat=True)) == ["x"]


@pytest.mark.django_db
def test_export_opens_in_openpyxl(world):
    survey = make_survey(world.bach_sam)
    wb = load_workbook(io.BytesIO(xlsform.export_xlsform(survey)))
    assert wb.sheetnames == ["survey", "choices", "settings"]
