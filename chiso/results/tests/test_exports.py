"""The results exports write names and texts typed by people as text, never as live formulas."""

from types import SimpleNamespace as NS

from chiso.core.tests.test_xlsx import assert_text_not_formula
from chiso.results import exporters


def line(**values):
    base = {
        "code": "D3.1",
        "name": "Hiểu biết về chính sách",
        "value": 1.5,
        "scale": (0.33, 3.3),
        "rank": 5,
        "of": 63,
        "group": 1,
        "previous": 1.4,
        "change": 0.1,
        "median": 1.2,
        "minimum": 0.9,
        "maximum": 1.9,
        "best": [],
        "basis": "computed",
    }
    return NS(**{**base, **values})


def test_profile_xlsx_writes_names_as_text():
    # given: a profile whose unit name and best province's name were typed as formulas
    prof = NS(
        year=2024,
        unit=NS(name="=1+1"),
        lines=[line(name='=HYPERLINK("http://x","y")', best=[NS(name="@SUM(A1)")])],
    )
    # when: exported
    content = exporters.profile_xlsx(prof)
    # then: the texts are text
    assert_text_not_formula(content, '=HYPERLINK("http://x","y")', "@SUM(A1)", "=1+1 — PAPI 2024")


def test_gaps_xlsx_writes_task_titles_and_targets_as_text():
    # given: a weak sub-dimension addressed by a task titled as a formula, and a target typed as one
    gap = NS(line=line(), reasons=["lowest"], tasks=['=HYPERLINK("http://x","y")'])
    checks = [NS(target=NS(text="+1+1"), label="-", reason="@SUM(A1)")]
    # when: exported
    content = exporters.gaps_xlsx(NS(gaps=[gap]), checks)
    # then: none of them is a formula
    assert_text_not_formula(content, '=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1)", "-")
