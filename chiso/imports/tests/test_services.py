"""Preview → map the unmatched agency → confirm: the draft plan, its tasks, deadlines, the file, the alias."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chiso.core.services import ConflictError
from chiso.imports import services
from chiso.imports.models import ImportedDeadline, PlanImport
from chiso.plans.models import TaskAgency

from .conftest import PHUNG_CHI_KIEN, VINH_CHAU

UNMATCHED = "Ban Biên tập Cổng thông tin điện tử thị xã"


def upload(unit, user, seed):
    return services.start_import(unit=unit, actor=user, name=seed.name, data=seed.read_bytes())


def test_one_name_is_unmatched_and_the_nearest_agency_is_suggested(vinh_chau, world, vinh_chau_coordinator):
    record = upload(world.vinh_chau, vinh_chau_coordinator, VINH_CHAU)
    matches = services.match_names(record)
    assert services.unmatched_names(record) == [UNMATCHED]
    assert matches[UNMATCHED].suggestions[0] == vinh_chau["Ban Biên tập Cổng TTĐT thị xã"]
    # abbreviations, accents, the district's own words and "all communes" are understood
    assert matches["Văn phòng HĐND và UBND thị xã"].agencies == [vinh_chau["Văn phòng HĐND và UBND thị xã"]]
    assert matches["Trung tâm Chính trị thị xã"].agencies == [vinh_chau["Trung tâm Chính trị"]]
    assert matches["Phòng Tài chính-Kế hoạch"].agencies == [vinh_chau["Phòng Tài chính - Kế hoạch"]]
    assert set(matches["UBND xã, phường"].agencies) == {vinh_chau["UBND Phường 1"], vinh_chau["UBND Phường 2"]}
    assert len(matches["Ủy ban MTTQ Việt Nam thị xã và xã, phường"].agencies) == 3
    assert matches["Các ngành có liên quan"].status == "general"


def test_confirm_creates_the_draft_plan_with_23_tasks_and_keeps_the_file(vinh_chau, world, vinh_chau_coordinator):
    record = upload(world.vinh_chau, vinh_chau_coordinator, VINH_CHAU)
    board = vinh_chau["Ban Biên tập Cổng TTĐT thị xã"]
    plan = services.confirm_import(
        record, actor=vinh_chau_coordinator, choices={UNMATCHED: str(board.pk)}, loaded_version=record.version
    )
    activities = plan.tasks.exclude(subtasks__isnull=False).distinct()
    assert activities.count() == 23
    assert plan.status == "draft" and plan.year == 2023 and plan.unit == world.vinh_chau
    first = activities.get(number="1.1")
    assert first.lead_agencies() == [world.noi_vu_vinh_chau]
    assert first.group.title == "Công tác thông tin tuyên truyền"
    assert activities.get(number="6.3").due_on.isoformat() == "2023-12-31"
    assert TaskAgency.objects.filter(task__plan=plan, agency=board).count() == 3  # rows 1.3, 1.4 and 4.1
    record.refresh_from_db()
    assert record.plan == plan and record.status == PlanImport.Status.CONFIRMED
    assert record.file.read() == VINH_CHAU.read_bytes()
    # the alias is learnt: the next import of the same plan has nothing to ask
    board.refresh_from_db()
    assert board.aliases == [UNMATCHED]
    again = upload(world.vinh_chau, vinh_chau_coordinator, VINH_CHAU)
    assert services.unmatched_names(again) == []


def test_confirm_refuses_unmapped_names_and_a_second_confirmation(vinh_chau, world, vinh_chau_coordinator):
    record = upload(world.vinh_chau, vinh_chau_coordinator, VINH_CHAU)
    with pytest.raises(ValidationError, match="Ban Biên tập"):
        services.confirm_import(record, actor=vinh_chau_coordinator, choices={}, loaded_version=record.version)
    services.confirm_import(
        record, actor=vinh_chau_coordinator, choices={UNMATCHED: services.NEW}, loaded_version=record.version
    )
    with pytest.raises(ConflictError):
        services.confirm_import(
            record, actor=vinh_chau_coordinator, choices={UNMATCHED: services.NEW}, loaded_version=record.version
        )
    assert world.vinh_chau.agencies.filter(name=UNMATCHED).count() == 1


def test_reporting_duties_and_the_working_day_rule_are_kept_on_the_plan(world, district_coordinator):
    record = upload(world.phung_chi_kien, district_coordinator, PHUNG_CHI_KIEN)
    plan = services.confirm_import(record, actor=district_coordinator, choices={}, loaded_version=record.version)
    rows = list(
        plan.imported_deadlines.order_by("id").values_list("kind", "cadence", "due_on", "data_from", "data_to", "rule")
    )
    assert [(r[0], r[1], str(r[2]), str(r[3]), str(r[4])) for r in rows[:2]] == [
        ("reporting", "semiannual", "2025-07-05", "2025-01-01", "2025-06-30"),
        ("reporting", "annual", "2026-01-05", "2025-01-01", "2025-12-31"),
    ]
    assert (
        ImportedDeadline.objects.get(plan=plan, kind="deadline").rule
        == "15 ngày làm việc kể từ ngày kế hoạch cấp trên được ban hành"
    )
    assert (plan.code, str(plan.issued_on), plan.targets.get().value) == ("15/KH-UBND", "2025-01-21", "50")
    # … and become the plan's reporting schedules: calendar windows, due five days after the cut-off.
    schedules = {s.cadence: s for s in plan.schedules.all()}
    assert set(schedules) == {"half_yearly", "yearly"}
    assert schedules["half_yearly"].window == "calendar" and schedules["half_yearly"].agency_due_days == 5
    assert schedules["yearly"].recipient.unit == world.phung_chi_kien
    assert not plan.schedules.filter(periods__isnull=False).exists()  # periods open once the plan is issued


def test_only_coordinators_of_the_unit_may_import(world, commune_officer, other_province_officer):
    with pytest.raises(PermissionDenied):
        upload(world.bach_sam, commune_officer, VINH_CHAU)
    with pytest.raises(PermissionDenied):
        upload(world.bach_sam, other_province_officer, VINH_CHAU)


def test_the_command_saves_a_draft_plan_only_when_every_agency_matches(vinh_chau, world, vinh_chau_coordinator):
    import io

    from django.core.management import CommandError, call_command

    from chiso.plans.models import Plan

    def run(seed, unit):
        call_command("import_plan", str(seed), "--unit", unit.code, "--user", vinh_chau_coordinator.username,
                     stdout=io.StringIO())  # fmt: skip

    with pytest.raises(CommandError, match="Ban Biên tập"):
        run(VINH_CHAU, world.vinh_chau)
    assert not Plan.objects.exists()
    vinh_chau["Ban Biên tập Cổng TTĐT thị xã"].aliases = [UNMATCHED]
    vinh_chau["Ban Biên tập Cổng TTĐT thị xã"].save()
    run(VINH_CHAU, world.vinh_chau)
    assert Plan.objects.get().tasks.filter(subtasks__isnull=True).distinct().count() == 23


def test_confirming_needs_the_version_the_preview_was_loaded_at(vinh_chau, world, vinh_chau_coordinator):
    record = upload(world.vinh_chau, vinh_chau_coordinator, VINH_CHAU)
    choices = {UNMATCHED: services.NEW}
    with pytest.raises(ValidationError) as refused:
        services.confirm_import(record, actor=vinh_chau_coordinator, choices=choices)
    assert refused.value.code == "no_version"
    with pytest.raises(ConflictError):
        services.confirm_import(record, actor=vinh_chau_coordinator, choices=choices, loaded_version=record.version + 1)
    plan = services.confirm_import(record, actor=vinh_chau_coordinator, choices=choices, loaded_version=record.version)
    assert plan.tasks.exists()


def test_a_name_mapped_to_an_agency_above_may_coordinate_but_not_lead(vinh_chau, world, vinh_chau_coordinator):
    from chiso.plans.models import Plan
    from chiso.units.tests.factories import AgencyFactory

    province_office = AgencyFactory(name="Sở Thông tin và Truyền thông", unit=world.soc_trang)
    record = upload(world.vinh_chau, vinh_chau_coordinator, VINH_CHAU)
    record.result["tasks"][0]["lead"] = [UNMATCHED]  # the task page would not let the province's office lead
    record.save()
    with pytest.raises(ValidationError) as refused:
        services.confirm_import(
            record,
            actor=vinh_chau_coordinator,
            choices={UNMATCHED: str(province_office.pk)},
            loaded_version=record.version,
        )
    assert refused.value.code == "lead_above" and UNMATCHED in refused.value.messages[0]
    assert not Plan.objects.exists()
    record = upload(world.vinh_chau, vinh_chau_coordinator, VINH_CHAU)
    plan = services.confirm_import(
        record, actor=vinh_chau_coordinator, choices={UNMATCHED: str(province_office.pk)}, loaded_version=record.version
    )
    assert TaskAgency.objects.filter(task__plan=plan, agency=province_office, role="coordinating").count() == 3
    province_office.refresh_from_db()
    assert province_office.aliases == []  # the province's agency is not the town's to rename
