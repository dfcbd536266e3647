"""Main path of the plan import (issue 5) in headless Chromium: upload the Vĩnh Châu plan, read the preview,
map the one agency the plan names differently, confirm; the draft plan has its 23 tasks and the file."""

import pytest
from playwright.sync_api import expect

from chiso.imports.models import PlanImport
from chiso.imports.tests.conftest import VINH_CHAU, vinh_chau, vinh_chau_coordinator  # noqa: F401 (fixtures)
from chiso.plans.models import Plan
from tests.browser.test_foundation import shot
from tests.browser.test_plans import login

pytestmark = pytest.mark.browser


def test_upload_preview_map_confirm(page, live_server, transactional_db, vinh_chau, vinh_chau_coordinator):  # noqa: F811
    base = live_server.url
    page.set_default_timeout(20000)
    login(page, base, "vinh_chau_coordinator")

    # 1. Upload the plan as the town has it (text exported from Word)
    page.goto(f"{base}/plans/")
    page.get_by_role("link", name="Nhập kế hoạch từ văn bản").click()
    page.get_by_label("Văn bản kế hoạch").set_input_files(str(VINH_CHAU))
    shot(page, "import-upload")
    page.get_by_role("button", name="Đọc văn bản").click()

    # 2. The preview: metadata, sections with their dimension, the task table, one agency not understood
    page.wait_for_url(f"{base}/plans/import/*/")
    record = PlanImport.objects.get()
    expect(page.locator("#tasks tbody tr")).to_have_count(23)
    assert page.get_by_label("Người ký", exact=True).input_value() == "Nguyễn Thanh Liêm"  # the signer, editable
    shot(page, "import-preview")

    # 3. Map "Ban Biên tập Cổng thông tin điện tử thị xã" to the board the system knows, then confirm
    select = page.get_by_label("Cơ quan, đơn vị ứng với “Ban Biên tập Cổng thông tin điện tử thị xã”")
    select.select_option(label="Gần nhất: Ban Biên tập Cổng TTĐT thị xã (Thị xã Vĩnh Châu)")
    shot(page, "import-map-agency")
    page.get_by_role("button", name="Xác nhận và tạo dự thảo kế hoạch").click()

    # 4. The draft plan exists with its 23 tasks, and the original file is attached to it
    plan = Plan.objects.get()
    page.wait_for_url(f"{base}{plan.get_absolute_url()}")
    shot(page, "import-plan")
    record.refresh_from_db()
    activities = plan.tasks.filter(subtasks__isnull=True).distinct()
    assert activities.count() == 23
    assert record.plan == plan and record.file.read() == VINH_CHAU.read_bytes()
    assert vinh_chau["Ban Biên tập Cổng TTĐT thị xã"].__class__.objects.get(
        pk=vinh_chau["Ban Biên tập Cổng TTĐT thị xã"].pk
    ).aliases == ["Ban Biên tập Cổng thông tin điện tử thị xã"]
