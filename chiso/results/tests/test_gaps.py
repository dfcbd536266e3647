"""The Vĩnh Châu demo plan against Sóc Trăng's results; targets met / not met / not measurable; drafting a
task for a weak sub-dimension."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chiso.accounts.models import User
from chiso.core.models import AuditEntry
from chiso.demo.results import load_demo_plan
from chiso.demo.world import VINH_CHAU_COMMUNES, load_demo
from chiso.indices.models import Dimension, SubDimension
from chiso.plans.models import Plan, Target
from chiso.plans.tests.factories import PlanFactory
from chiso.results import analysis, gaps, services
from chiso.units.tests.factories import UnitFactory


@pytest.fixture
def demo_plan(papi_results):
    """``chiso load-demo`` on the units it needs: the town of Vĩnh Châu, its communes and the Mỹ Hào wards."""
    hung_yen = papi_results.get(code="33")
    my_hao = UnitFactory(code="328", name="Thị xã Mỹ Hào", level="district", parent=hung_yen)
    UnitFactory(code="12124", name="Phường Bạch Sam", level="commune", parent=my_hao)
    UnitFactory(code="12130", name="Phường Phùng Chí Kiên", level="commune", parent=my_hao)
    vinh_chau = UnitFactory(code="950", name="Thị xã Vĩnh Châu", level="district", parent=papi_results.get(code="94"))
    for i, code in enumerate(VINH_CHAU_COMMUNES):
        UnitFactory(code=code, name=f"Xã Thử {i}" if i else "Phường 1", level="commune", parent=vinh_chau)
    load_demo()
    return load_demo_plan()


def test_vinh_chau_plan_lists_soc_trang_weakest_and_marks_tasks(demo_plan):
    # when: the gap analysis of the town's 2023 plan is read
    report = gaps.plan_gaps(demo_plan)
    # then: it reads Sóc Trăng's 2022 results (the last published before the plan's year) …
    assert report.province.code == "94" and report.year == 2022
    prof = analysis.profile(report.province, 2022)
    subs = [s for s in prof.subdimensions() if s.value is not None]
    listed = {g.line.code for g in report.gaps}
    # … lists the five lowest, the five largest falls and the five farthest from the best …
    assert {s.code for s in sorted(subs, key=lambda s: s.position)[:5]} <= listed
    assert {s.code for s in sorted(subs, key=lambda s: -s.gap_to_best)[:5]} <= listed
    # … and marks which the plan's tasks address (task 6.9 on waste: D7.3; nothing on infrastructure, D6.3)
    by_code = {g.line.code: g for g in report.gaps}
    assert [t.number for t in by_code["D7.3"].tasks] == ["6.9"]
    assert by_code["D6.3"].tasks == []
    assert {g.line.code for g in report.uncovered} == {c for c, g in by_code.items() if not g.tasks}
    assert report.uncovered and len(report.uncovered) < len(report.gaps)


def test_gap_page_and_api(demo_plan, client):
    client.force_login(User.objects.get(username="vinhchau.coordinator"))
    page = client.get(f"/results/plans/{demo_plan.pk}/gaps/")
    assert page.status_code == 200
    assert page.templates[0].name == "results/plan_gaps.html"
    assert "D6.3" in page.content.decode()
    data = client.get(f"/api/v1/plans/{demo_plan.pk}/gaps/").json()
    assert data["province"] == "94" and data["year"] == 2022
    addressed = {g["code"]: g["addressed"] for g in data["gaps"]}
    assert addressed["D7.3"] is True and addressed["D6.3"] is False
    assert {t["status"] for t in data["targets"]} == {"not_measurable"}
    # the plan's own page shows each target's check, never a silent "met"
    assert client.get(f"/plans/{demo_plan.pk}/").content.decode().count(">Không đo được</span>") == 2
    # another year of results may be chosen
    assert client.get(f"/api/v1/plans/{demo_plan.pk}/gaps/", {"year": 2024}).json()["year"] == 2024
    # an official of another province does not see the plan
    client.force_login(User.objects.get(username="myhao.coordinator"))
    assert client.get(f"/api/v1/plans/{demo_plan.pk}/gaps/").status_code == 404


def test_draft_task_for_a_gap(demo_plan, client):
    coordinator = User.objects.get(username="vinhchau.coordinator")
    sub = SubDimension.objects.get(code="D6.3")
    # when: the coordinator drafts a task for D6.3
    client.force_login(coordinator)
    response = client.post(f"/results/plans/{demo_plan.pk}/gaps/task/", {"subdimension": sub.pk})
    # then: a task tagged with D6.3 (and D6) is at the end of the draft plan, with its audit entry
    task = demo_plan.tasks.order_by("-position").first()
    assert response.status_code == 302 and response["Location"] == f"/plans/tasks/{task.pk}/edit/"
    assert list(task.subdimensions.all()) == [sub] and list(task.dimensions.values_list("code", flat=True)) == ["D6"]
    assert AuditEntry.objects.filter(object_id=str(task.pk), action="create", actor=coordinator).exists()
    assert [t.number for t in next(g for g in gaps.plan_gaps(demo_plan).gaps if g.line.code == "D6.3").tasks]
    # an officer may not
    with pytest.raises(PermissionDenied):
        services.draft_gap_task(demo_plan, sub, actor=User.objects.get(username="vinhchau.officer"))
    # an issued plan with no draft beside it: a clear message, nothing created
    Plan.objects.filter(pk=demo_plan.pk).update(status=Plan.Status.ISSUED)
    demo_plan.refresh_from_db()
    count = demo_plan.tasks.count()
    with pytest.raises(ValidationError) as error:
        services.draft_gap_task(demo_plan, sub, actor=coordinator)
    assert error.value.code == "no_draft_plan" and demo_plan.tasks.count() == count
    response = client.post(f"/results/plans/{demo_plan.pk}/gaps/task/", {"subdimension": sub.pk}, follow=True)
    assert response.status_code == 200 and demo_plan.tasks.count() == count


def test_targets_met_not_met_not_measurable(papi_results):
    soc_trang = papi_results.get(code="94")  # 2024: total rank 10 of 61, group 1; 2023: rank 4
    plan = PlanFactory(unit=soc_trang, year=2024)
    d1 = Dimension.objects.get(code="D1")
    targets = [
        Target.objects.create(plan=plan, text="Trong nhóm 10 tỉnh dẫn đầu", kind="top_n", value="10"),
        Target.objects.create(plan=plan, text="Trong nhóm 5 tỉnh dẫn đầu", kind="top_n", value="5"),
        Target.objects.create(plan=plan, text="Tăng ít nhất một bậc", kind="rank", value="+1"),
        Target.objects.create(plan=plan, text="Đạt 45 điểm", kind="score", value="45"),
        Target.objects.create(plan=plan, text="Nhóm cao nhất", kind="score_band", value="cao nhất"),
        Target.objects.create(plan=plan, text="Đạt điểm khá", kind="score_band", value="khá"),
        Target.objects.create(plan=plan, text="D1 trong nhóm 20", kind="top_n", value="20", dimension=d1),
        Target.objects.create(plan=plan, text="Làm tốt hơn", kind="other"),
    ]
    checks = {c.target.pk: c for c in gaps.check_targets(plan)}
    statuses = [checks[t.pk].status for t in targets]
    assert statuses == ["met", "not_met", "not_met", "met", "met", "not_measurable", "not_met", "not_measurable"]
    assert "10" in checks[targets[0].pk].reason
    # results not yet published: never silently met
    later = PlanFactory(unit=soc_trang, year=2030)
    Target.objects.create(plan=later, text="Trong nhóm 10", kind="top_n", value="10")
    assert [c.status for c in gaps.check_targets(later)] == ["not_measurable"]


def test_gap_exports_open_back(demo_plan, client):
    import io

    from docx import Document
    from openpyxl import load_workbook

    client.force_login(User.objects.get(username="vinhchau.coordinator"))
    book = load_workbook(io.BytesIO(client.get(f"/results/plans/{demo_plan.pk}/gaps.xlsx").content))
    rows = list(book["Điểm yếu"].iter_rows(values_only=True))
    by_code = {r[0]: r for r in rows[1:]}
    assert "6.9" in by_code["D7.3"][8] and by_code["D6.3"][8] == "Chưa có nhiệm vụ nào"
    assert [r[1] for r in book["Mục tiêu"].iter_rows(min_row=2, values_only=True)] == ["Không đo được"] * 2
    note = Document(io.BytesIO(client.get(f"/results/plans/{demo_plan.pk}/gaps.docx").content))
    text = "\n".join(p.text for p in note.paragraphs)
    assert "BÁO CÁO TÓM TẮT" in text and "Sóc Trăng" in text and "D6.3" in text
    cells = [c.text for row in note.tables[1].rows for c in row.cells]
    assert "CHƯA CÓ NHIỆM VỤ" in cells
    # the title on one line, the total's chart and one small chart per weak sub-dimension
    title = next(p for p in note.paragraphs if p.text.startswith("Nội dung PAPI cần cải thiện"))
    assert title.text.endswith(")") and len(title.runs) == 1
    gaps_listed = len(note.tables[1].rows) - 1
    assert len(note.inline_shapes) == 1 + gaps_listed


def test_a_plan_of_the_new_hierarchy_reads_its_former_province(papi_results):
    # given: a 2026 plan of the current Cần Thơ (Cần Thơ, Hậu Giang and Sóc Trăng merged on 1/7/2025)
    from chiso.units.models import AdministrativeUnit

    can_tho = AdministrativeUnit.objects.current().get(predecessors__code="94")
    report = gaps.plan_gaps(PlanFactory(unit=can_tho, year=2026))
    # then: the gaps are those of a former province it took over, on the latest results
    assert report.province.era == "legacy" and report.province.code in {"92", "93", "94"}
    assert report.year == 2024 and report.gaps
