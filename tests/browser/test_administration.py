"""An administrator manages people, roles and the working-day calendar in the browser."""

import pytest
from playwright.sync_api import expect

from chiso.accounts.models import Membership, User
from chiso.core.models import CalendarException
from tests.browser.test_foundation import shot

pytestmark = pytest.mark.browser


def test_admin_adds_a_person_a_role_and_a_day_off(page, live_server, transactional_db, world, admin_user):
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill("admin")
    page.get_by_label("Mật khẩu").fill("matkhau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")

    # a new official
    page.goto(f"{live_server.url}/people/add/")
    page.get_by_label("Tên đăng nhập").fill("nguyen.van.an")
    page.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    page.get_by_label("Chức vụ").fill("Công chức Văn phòng - Thống kê")
    page.get_by_label("Mật khẩu mới").fill("Bach-Sam-2025!")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("heading", name="Nguyễn Văn An").wait_for()

    # a role for them, from their page
    page.get_by_role("link", name="Phân quyền").first.click()
    page.get_by_label("Tìm cơ quan, đơn vị theo tên").fill("van phong bach sam")  # the agency picker
    page.wait_for_selector('#id_agency option:checked:not([value=""])', state="attached")
    page.get_by_label("Vai trò").select_option("officer")
    shot(page, "membership-form")
    page.get_by_role("button", name="Lưu").click()
    assert Membership.objects.filter(user__username="nguyen.van.an", agency=world.vp_bach_sam).exists()

    # a provincial day off the national calendar does not know
    page.goto(f"{live_server.url}/calendar/exceptions/add/")
    page.get_by_label("Ngày").fill("05/03/2025")
    page.get_by_label("Loại").select_option("day_off")
    page.get_by_label("Ghi chú").fill("Nghỉ lễ hội truyền thống của tỉnh")
    page.get_by_role("button", name="Lưu").click()
    assert CalendarException.objects.filter(date="2025-03-05").exists()
    page.goto(f"{live_server.url}/calendar/working-days/?start=04%2F03%2F2025&days=1")
    expect(page.get_by_text("06/03/2025").first).to_be_visible()
    shot(page, "workdays")
    assert User.objects.get(username="nguyen.van.an").check_password("Bach-Sam-2025!")
