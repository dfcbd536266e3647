"""Plans as units run them (issue 14): pilot localities, back-dated progress, indicator responsibilities from and to
.xlsx (real workbooks written and opened back with openpyxl), the API through the same services."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from chiso.core.audit import history_for
from chiso.indices.models import Indicator, SubDimension
from chiso.indices.tests.test_import_indicators import xlsx as workbook_upload
from chiso.plans import responsibilities, services
from chiso.plans.forms import PlanForm
from chiso.plans.models import Plan, Responsibility
from chiso.plans.tests.factories import PlanFactory, TaskFactory
from chiso.units.models import AdministrativeUnit
from chiso.units.tests.factories import UnitFactory

L = AdministrativeUnit.Level


@pytest.fixture
def hamlets(world):
    """Two residential groups of Bạch Sam and one of Phùng Chí Kiên (tổ dân phố), as pilots are named."""
    return [
        UnitFactory(code="12100-01", name="Tổ dân phố Bạch Sam 1", level=L.VILLAGE, parent=world.bach_sam),
        UnitFactory(code="12100-02", name="Tổ dân phố Bạch Sam 2", level=L.VILLAGE, parent=world.bach_sam),
        UnitFactory(code="12103-01", name="Tổ dân phố Phùng Chí Kiên 1", level=L.VILLAGE, parent=world.phung_chi_kien),
    ]


# --- pilot localities --------------------------------------------------------------------------------------------
def test_the_plan_form_picks_pilots_by_name_never_an_id_box(world, hamlets, district_coordinator):
    plan = PlanFactory(unit=world.my_hao, year=2025)
    form = PlanForm(instance=plan, user=district_coordinator)
    html = str(form["pilot_units"])
    assert "Tổ dân phố Bạch Sam 1" in html and "Phường Bạch Sam" in html  # grouped under their ward
    assert 'type="checkbox"' in html and 'type="hidden"' not in html and 'type="number"' not in html


def test_pilots_are_below_the_plan_unit_and_tasks_name_the_plan_pilots(world, hamlets, district_coordinator):
    plan = PlanFactory(unit=world.bach_sam, year=2025)
    form = PlanForm(
        {"unit": world.bach_sam.pk, "year": 2025, "title": plan.title, "child_deadline_days": 15,
         "backdate_limit_days": 5, "pilot_units": [hamlets[2].pk], "loaded_version": plan.version},
        instance=plan, user=district_coordinator,
    )  # fmt: skip
    assert not form.is_valid() and "pilot_units" in form.errors  # Phùng Chí Kiên's group is not Bạch Sam's
    plan.pilot_units.set(hamlets[:1])
    lead = [world.vp_bach_sam]
    task = TaskFactory(plan=plan, lead=lead)

    def pilot_in(hamlet):  # the task's edit, naming one pilot group
        services.update_task(
            task, actor=district_coordinator, loaded_version=task.version, lead=lead, pilot_units=[hamlet]
        )

    with pytest.raises(ValidationError) as refused:
        pilot_in(hamlets[1])
    assert "pilot_units" in refused.value.message_dict
    task.refresh_from_db()
    pilot_in(hamlets[0])
    assert list(task.pilot_units.all()) == [hamlets[0]]


def test_the_task_table_shows_and_filters_by_pilot(client, world, hamlets, district_coordinator):
    plan = PlanFactory(unit=world.my_hao, year=2025)
    plan.pilot_units.set(hamlets[:2])
    there = TaskFactory(plan=plan, title="Họp dân tại tổ dân phố", lead=[world.phong_noi_vu])
    there.pilot_units.set(hamlets[:1])
    TaskFactory(plan=plan, title="Hội nghị toàn thị xã", lead=[world.phong_noi_vu])
    client.force_login(district_coordinator)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Tổ dân phố Bạch Sam 1 (Phường Bạch Sam)" in page and "Hội nghị toàn thị xã" in page
    # the task's row shows its pilot as a badge, also when the task has a title and no activity (not as markup)
    assert '<span class="badge text-bg-info-subtle text-info-emphasis border">Tổ dân phố Bạch Sam 1</span>' in page
    assert "&lt;span" not in page
    filtered = client.get(plan.get_absolute_url(), {"pilot": hamlets[0].pk}).content.decode()
    assert "Họp dân tại tổ dân phố" in filtered and "Hội nghị toàn thị xã" not in filtered
    task_page = client.get(there.get_absolute_url()).content.decode()
    assert "Tổ dân phố Bạch Sam 1 (Phường Bạch Sam)" in task_page


def test_two_plans_of_one_unit_filter_by_their_own_pilots(client, world, hamlets, district_coordinator):
    # given: the town's two plans of the year, each with its own pilots (the filter form is cached)
    first = PlanFactory(unit=world.my_hao, year=2025)
    first.pilot_units.set(hamlets[:2])
    second = PlanFactory(unit=world.my_hao, year=2025)
    second.pilot_units.set(hamlets[2:])
    client.force_login(district_coordinator)
    assert "Tổ dân phố Bạch Sam 2" in client.get(first.get_absolute_url()).content.decode()
    # then: the second plan's page offers only its own pilot, not the first plan's
    page = client.get(second.get_absolute_url()).content.decode()
    assert "Tổ dân phố Phùng Chí Kiên 1" in page and "Tổ dân phố Bạch Sam 2" not in page


def test_a_locality_removed_from_the_plan_leaves_its_tasks(client, world, hamlets, district_coordinator):
    # given: a draft with two pilot groups; two tasks carried out in the first, one in the second
    plan = PlanFactory(unit=world.my_hao, year=2025)
    plan.pilot_units.set(hamlets[:2])
    both = TaskFactory(plan=plan, lead=[world.phong_noi_vu])
    both.pilot_units.set(hamlets[:2])
    first = TaskFactory(plan=plan, lead=[world.phong_noi_vu])
    first.pilot_units.set(hamlets[:1])
    second = TaskFactory(plan=plan, lead=[world.phong_noi_vu])
    second.pilot_units.set(hamlets[1:2])
    # when: the coordinator keeps only the second group on the plan
    client.force_login(district_coordinator)
    response = client.post(
        reverse("plans:plan_edit", args=[plan.pk]),
        {"unit": world.my_hao.pk, "year": 2025, "title": plan.title, "child_deadline_days": 15,
         "backdate_limit_days": 5, "pilot_units": [hamlets[1].pk], "loaded_version": plan.version},
        HTTP_ACCEPT_LANGUAGE="vi", follow=True,
    )  # fmt: skip
    # then: no task keeps the removed group, and the coordinator is told how many tasks changed
    assert "cũng được bỏ khỏi 2 nhiệm vụ" in response.content.decode()
    assert list(both.pilot_units.all()) == [hamlets[1]] and not first.pilot_units.exists()
    assert list(second.pilot_units.all()) == [hamlets[1]]
    # and the service says so to any caller (the API): nothing more to remove
    edited = Plan.objects.get(pk=plan.pk)
    saved = services.update_plan(edited, actor=district_coordinator, loaded_version=edited.version)
    assert saved.tasks_losing_pilots == 0


def test_pilots_added_and_removed_are_in_the_task_history_by_name(client, world, hamlets, district_coordinator):
    # given: a draft with two pilot groups and a task carried out in the first
    plan = PlanFactory(unit=world.my_hao, year=2025)
    plan.pilot_units.set(hamlets[:2])
    lead = [world.phong_noi_vu]
    task = TaskFactory(plan=plan, lead=lead)
    task.pilot_units.set(hamlets[:1])

    def pilots(units):  # the task's edit, naming its pilot groups
        task.refresh_from_db()
        services.update_task(
            task, actor=district_coordinator, loaded_version=task.version, lead=lead, pilot_units=units
        )

    # when: the task's edit swaps the first group for the second, then names the first again (nothing else changes)
    pilots(hamlets[1:2])
    pilots(hamlets[:2])
    pilots(hamlets[:2])  # saved again as it was: no entry
    # then: each change is in the task's history, with the names as officials read them, who made it
    changed = [e for e in history_for(task) if e.event == "task.pilots_changed"]
    assert [e.data for e in changed] == [
        {"added": "Tổ dân phố Bạch Sam 1 (Phường Bạch Sam)"},
        {"added": "Tổ dân phố Bạch Sam 2 (Phường Bạch Sam)", "removed": "Tổ dân phố Bạch Sam 1 (Phường Bạch Sam)"},
    ]
    assert all(e.actor == district_coordinator for e in changed)
    with translation.override("vi"):
        assert changed[1].text == (
            "Địa phương điểm: thêm Tổ dân phố Bạch Sam 2 (Phường Bạch Sam); bỏ Tổ dân phố Bạch Sam 1 (Phường Bạch Sam)"
        )
    # when: the coordinator drops the first group from the plan
    client.force_login(district_coordinator)
    client.post(
        reverse("plans:plan_edit", args=[plan.pk]),
        {"unit": world.my_hao.pk, "year": 2025, "title": plan.title, "child_deadline_days": 15,
         "backdate_limit_days": 5, "pilot_units": [hamlets[1].pk], "loaded_version": plan.version},
    )  # fmt: skip
    # then: the task lost it, and its history says so, by whom, naming the group
    assert list(task.pilot_units.all()) == [hamlets[1]]
    pruned = history_for(task).first()
    assert pruned.event == "task.pilots_pruned" and pruned.actor == district_coordinator
    assert pruned.data == {"removed": "Tổ dân phố Bạch Sam 1 (Phường Bạch Sam)"}
    assert (pruned.before, pruned.after) == (
        {"pilot_units": [hamlets[0].pk, hamlets[1].pk]},
        {"pilot_units": [hamlets[1].pk]},
    )
    # and the task's history page reads it in Vietnamese, the groups by name, never by id
    page = client.get(reverse("plans:task_history", args=[task.pk]), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Kế hoạch không còn chọn làm địa phương điểm, đã bỏ khỏi nhiệm vụ: Tổ dân phố Bạch Sam 1" in page
    assert "Địa phương điểm: thêm Tổ dân phố Bạch Sam 2" in page
    assert f">{hamlets[0].pk}<" not in page


# --- back-dated progress -----------------------------------------------------------------------------------------
def test_lateness_counts_from_the_stated_date_only_up_to_the_limit(db):
    recorded = dt.date(2026, 11, 20)  # a Friday
    assert services.counted_from(dt.date(2026, 11, 18), recorded_on=recorded, limit=5) == dt.date(2026, 11, 18)
    assert services.counted_from(dt.date(2026, 11, 1), recorded_on=recorded, limit=5) == dt.date(2026, 11, 13)
    assert services.counted_from(dt.date(2026, 11, 1), recorded_on=recorded, limit=0) == recorded


def test_a_back_dated_entry_keeps_both_dates(client, world, town_plan, district_coordinator):
    today = timezone.localdate()
    task = town_plan.tasks.get(number="1")
    town_plan.backdate_limit_days = 2
    town_plan.save()
    stated = today - dt.timedelta(days=30)
    update = services.record_progress(
        task, actor=district_coordinator, reported_on=stated, description="Đã niêm yết", status="completed"
    )
    task.refresh_from_db()
    update.refresh_from_db()
    assert update.reported_on == stated and update.recorded_on == today and update.is_backdated
    assert update.counted_on == task.completed_on > stated  # lateness from at most 2 working days back
    client.force_login(district_coordinator)
    page = client.get(task.get_absolute_url()).content.decode()
    assert f"{stated:%d/%m/%Y}" in page and f"{today:%d/%m/%Y}" in page and f"{update.counted_on:%d/%m/%Y}" in page


# --- indicator responsibilities ----------------------------------------------------------------------------------
@pytest.fixture
def framework(papi):
    d2, d4 = papi[1], papi[3]
    sub = SubDimension.objects.create(dimension=d2, code="D2.2", name_vi="Danh sách hộ nghèo", since=2011)
    SubDimension.objects.create(dimension=d4, code="D4.L1", name_vi="Đã bỏ", since=2011, until=2017)
    Indicator.objects.create(dimension=d2, subdimension=sub, code="D2.2.1", name_vi="Biết danh sách hộ nghèo")
    Indicator.objects.create(dimension=d2, subdimension=sub, code="D2.2.2", name_vi="Danh sách được niêm yết")
    Indicator.objects.create(dimension=d4, code="D4.1", name_vi="Không phải lót tay khi làm thủ tục")
    return sub


def xlsx(rows):
    """A real assignment table, a title row above its header, as offices write them."""
    return workbook_upload(rows, headers=responsibilities.HEADERS, title_rows=1)


def test_import_all_or_nothing_with_a_bilingual_row_report(world, framework, district_coordinator):
    plan = PlanFactory(unit=world.my_hao, year=2026)
    result = responsibilities.import_responsibilities(
        plan,
        xlsx([
            ["D2.2", "Danh sách hộ nghèo", "Phòng Nội vụ", "UBND phường Bạch Sam; Ủy ban MTTQ Việt Nam thị xã", ""],
            ["D9.9", "", "Phòng Nội vụ", "", ""],
            ["D4.L1", "", "Thanh tra thị xã", "", ""],
            ["D4.1", "", "Phòng Không Có", "", ""],
            ["D2.2", "", "Phòng Nội vụ", "", ""],
            ["D4.1", "", "", "", ""],
        ]),
        actor=district_coordinator,
    )  # fmt: skip
    assert not result.ok and not Responsibility.objects.exists()
    errors = {row.line: row.errors for row in result.rows}
    assert errors[3] == []
    assert "D9.9" in errors[4][0].vi and "D9.9" in errors[4][0].en and errors[4][0].vi != errors[4][0].en
    assert "2026" in errors[5][0]  # D4.L1 was not scored in 2026
    assert "Phòng Không Có" in errors[6][0]
    assert "D2.2" in errors[7][0]  # repeated
    assert errors[8]  # no lead agency
    result = responsibilities.import_responsibilities(
        plan,
        xlsx([
            ["D2.2", "", "Phòng Nội vụ", "UBND phường Bạch Sam; Ủy ban MTTQ Việt Nam thị xã", "Theo Kế hoạch"],
            ["D4.1", "", "Thanh tra", "", ""],
        ]),
        actor=district_coordinator,
    )  # fmt: skip
    assert result.ok and result.created == 2
    rows = list(responsibilities.responsibility_rows(plan))
    assert [r.code for r in rows] == ["D2.2", "D4.1"] and rows[1].lead == world.thanh_tra
    assert {a.name for a in rows[0].coordinating.all()} == {"UBND phường Bạch Sam", "Ủy ban MTTQ Việt Nam thị xã"}
    assert responsibilities.without_agency(plan) == []  # D2.2 covers its two indicators
    assert history_for(plan).first().event == "plan.responsibilities_imported"


def test_export_opens_back_and_reimports_unchanged(world, framework, district_coordinator):
    plan = PlanFactory(unit=world.my_hao, year=2026)
    row = Responsibility.objects.create(plan=plan, subdimension=framework, lead=world.phong_noi_vu, note="Ghi chú")
    row.coordinating.set([world.mttq])
    content = responsibilities.responsibilities_workbook(plan)
    buffer = io.BytesIO()
    content.save(buffer)
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0] == responsibilities.HEADERS
    assert values[1] == ["D2.2", "Danh sách hộ nghèo", "Phòng Nội vụ", "Ủy ban MTTQ Việt Nam thị xã", "Ghi chú"]
    assert values[2][0] == "D4.1" and values[2][2] is None  # the indicator without an agency, to complete
    values[2][2] = "Thanh tra thị xã"
    result = responsibilities.import_responsibilities(plan, xlsx(values[1:]), actor=district_coordinator)
    assert result.ok and plan.responsibilities.count() == 2


def test_coverage_lists_the_indicators_without_an_agency(client, world, framework, district_coordinator):
    plan = PlanFactory(unit=world.my_hao, year=2026)
    Responsibility.objects.create(plan=plan, subdimension=framework, lead=world.phong_noi_vu)
    client.force_login(district_coordinator)
    page = client.get(reverse("plans:plan_coverage", args=[plan.pk])).content.decode()
    section = page.split('id="without-agency"')[1].split("</section>")[0]
    assert "D4.1" in section and "D2.2.1" not in section
    table = client.get(reverse("plans:plan_responsibilities", args=[plan.pk])).content.decode()
    assert "Phòng Nội vụ" in table and 'id="missing-agency"' in table


def test_an_issued_plan_table_is_not_replaced(world, framework, town_plan, district_coordinator):
    with pytest.raises(ValidationError):
        responsibilities.import_responsibilities(
            town_plan, xlsx([["D4.1", "", "Thanh tra thị xã", "", ""]]), actor=district_coordinator
        )


def test_the_api_lists_and_imports_through_the_same_service(client, world, framework, district_coordinator):
    plan = PlanFactory(unit=world.my_hao, year=2026)
    client.force_login(district_coordinator)
    url = f"/api/v1/plans/{plan.pk}/responsibilities/import/"
    bad = client.post(url, {"file": xlsx([["D9.9", "", "Phòng Nội vụ", "", ""]])})
    assert bad.status_code == 400 and bad.json()["rows"][0]["errors"][0]["en"]
    good = client.post(url, {"file": xlsx([["D4.1", "", "Thanh tra thị xã", "", ""]])})
    assert good.status_code == 200 and good.json()["created"] == 1
    listed = client.get(f"/api/v1/plans/{plan.pk}/responsibilities/").json()
    assert listed["rows"][0]["code"] == "D4.1" and listed["rows"][0]["lead"]["name"] == "Thanh tra thị xã"
    assert set(listed["without_agency"]) == {"D2.2.1", "D2.2.2"}


def test_the_page_imports_and_exports(client, world, framework, district_coordinator):
    plan = PlanFactory(unit=world.my_hao, year=2026)
    client.force_login(district_coordinator)
    url = reverse("plans:plan_responsibilities_import", args=[plan.pk])
    checked = client.post(url, {"file": xlsx([["D4.1", "", "Phòng Ma", "", ""]])})
    assert checked.status_code == 400 and "Phòng Ma" in checked.content.decode()
    saved = client.post(url, {"file": xlsx([["D4.1", "", "Thanh tra thị xã", "", ""]]), "confirm": "1"})
    assert saved.status_code == 302 and plan.responsibilities.count() == 1
    export = client.get(reverse("plans:plan_responsibilities_xlsx", args=[plan.pk]))
    assert load_workbook(io.BytesIO(export.content)).active["C2"].value == "Thanh tra thị xã"
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.DRAFT
