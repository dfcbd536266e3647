"""One target reader (issue 12): a target typed on the plan page and one read from a plan document are understood
the same way."""

import pytest

from chiso.imports.reader import read_plan_lines
from chiso.plans.targets import read_target, read_targets

LINES = [
    ("Chỉ số PAPI của thị xã vào nhóm 03 đứng đầu tỉnh", ("top_n", "3")),
    ("Nằm trong nhóm 50 tỉnh, thành phố", ("top_n", "50")),
    ("Đạt điểm khá", ("score_band", "khá")),
    ("Đạt 36 điểm trở lên", ("score", "36")),
    ("Đạt 36,5 điểm", ("score", "36.5")),
    ("Nâng cao nhận thức của cán bộ", ("other", "")),
]


@pytest.mark.parametrize(("line", "expected"), LINES)
def test_a_target_line(line, expected):
    target = read_target(line)
    assert (target.kind, target.stored_value) == expected and target.text == line


def test_the_plan_page_and_the_plan_import_read_targets_alike(client, world, papi, district_coordinator):
    from django.urls import reverse

    from chiso.plans.models import Plan

    client.force_login(district_coordinator)
    response = client.post(
        reverse("plans:plan_add"),
        {
            "unit": world.my_hao.pk, "issuer": "", "year": 2025, "title": "Kế hoạch nâng cao Chỉ số PAPI năm 2025",
            "child_deadline_days": 15, "targets_text": "\n".join(line for line, _ in LINES),
        },
    )  # fmt: skip
    assert response.status_code == 302
    typed = sorted((t.kind, t.value) for t in Plan.objects.get().targets.all())
    assert typed == sorted(expected for _, expected in LINES)
    document = ["KẾ HOẠCH", "Nâng cao Chỉ số PAPI năm 2025", "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục tiêu"]
    document += [f"- {line};" for line, _ in LINES]
    read = read_plan_lines(document)["plan"]["targets"]
    assert sorted((t["kind"], str(t["value"])) for t in read) == sorted(e for _, e in LINES if e[0] != "other")


def test_several_targets_in_one_clause():
    assert [(t.kind, t.stored_value) for t in read_targets("Vào nhóm 10 tỉnh dẫn đầu; đạt điểm khá")] == [
        ("top_n", "10"),
        ("score_band", "khá"),
    ]
