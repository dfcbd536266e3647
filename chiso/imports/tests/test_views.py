"""The web flow through Django's test client: upload → preview → correct → confirm."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chiso.imports.models import PlanImport
from chiso.plans.models import Plan

from .conftest import VINH_CHAU

UNMATCHED = "Ban Biên tập Cổng thông tin điện tử thị xã"


def test_upload_preview_correct_confirm(client, vinh_chau, world, vinh_chau_coordinator):
    client.force_login(vinh_chau_coordinator)
    # when: the coordinator uploads the plan
    response = client.post(
        reverse("imports:import_upload"),
        {"unit": world.vinh_chau.pk, "file": SimpleUploadedFile(VINH_CHAU.name, VINH_CHAU.read_bytes())},
    )
    record = PlanImport.objects.get()
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    # then: the preview lists the tasks and the one name not understood
    page = client.get(record.get_absolute_url()).content.decode()
    assert page.count("<tr><td>") >= 23 and UNMATCHED in page and "Nguyễn Thanh Liêm" in page
    # when: confirming without choosing an agency, the page says what is missing and nothing is saved
    response = client.post(record.get_absolute_url(), {"version": record.version})
    assert response.status_code == 400 and "Ban Biên tập" in response.content.decode()
    assert not Plan.objects.exists()
    # when: the agency is chosen
    index = list(dict.fromkeys(n for t in record.result["tasks"] for n in t["lead"] + t["coordinating"])).index(
        UNMATCHED
    )
    board = vinh_chau["Ban Biên tập Cổng TTĐT thị xã"]
    response = client.post(record.get_absolute_url(), {"version": record.version, f"agency_{index}": board.pk})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.tasks.filter(subtasks__isnull=True).distinct().count() == 23
    # a second confirmation (a page opened before the first) is refused as a conflict, and nothing is duplicated
    again = client.post(record.get_absolute_url(), {"version": record.version, f"agency_{index}": board.pk})
    assert again.status_code == 409 and Plan.objects.count() == 1
    # the original file is kept and can be downloaded
    download = client.get(reverse("imports:import_file", args=[record.pk]))
    assert b"".join(download.streaming_content) == VINH_CHAU.read_bytes()


def test_a_refused_file_shows_the_reason_on_the_form(client, world, district_coordinator):
    client.force_login(district_coordinator)
    response = client.post(
        reverse("imports:import_upload"),
        {"unit": world.bach_sam.pk, "file": SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 not a plan")},
    )
    assert response.status_code == 400
    assert "PDF" in response.content.decode()
    assert not PlanImport.objects.exists()


def test_preview_page_query_count_is_bounded(
    client, vinh_chau, world, vinh_chau_coordinator, django_assert_max_num_queries
):
    from chiso.imports import services

    record = services.start_import(
        unit=world.vinh_chau, actor=vinh_chau_coordinator, name=VINH_CHAU.name, data=VINH_CHAU.read_bytes()
    )
    client.force_login(vinh_chau_coordinator)
    # 27 agency names, 23 tasks: the names are matched against agencies loaded once, not one query per name
    with django_assert_max_num_queries(20):
        assert client.get(record.get_absolute_url()).status_code == 200
