"""Main path in headless Chromium: a ward's standing body builds the one-stop-counter survey from its template,
adds a second service point, opens it and prints the QR code; 40 citizens answer through the public link and 10
paper forms are typed in at the second point; the indices show per factor with intervals, and the second point
(under the minimum sample) is shown but not ranked. Every page passes axe-core; screenshots go to docs/img/."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from chiso.accounts.models import Membership
from chiso.surveys.models import Response, Survey
from chiso.surveys.reference import load_templates
from conftest import PASSWORD, _persona
from tests.browser.axe import assert_accessible
from tests.screenshots import SHOTS

pytestmark = pytest.mark.browser
ANSWERS = ["4", "5", "4", "3", "5", "4", "4", "2", "5", "4"]
LIKERT = [
    "a1_waiting",
    "a2_place",
    "p1_posted",
    "p2_simple",
    "s1_courteous",
    "s2_guidance",
    "r1_on_time",
    "f1_channels",
]


def shot(page, name):
    """Screenshot into docs/img and the whole page checked by axe-core against WCAG 2 A/AA (tests/browser/axe.py)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert_accessible(page, name)


def answer(page, service, level):
    """Fills the one-stop form: the service used, every Likert item at `level`, no money asked for."""
    page.check(f"input[name=service][value={service}]")
    for name in LIKERT:
        page.check(f"input[name={name}][value='{level}']")
    page.check("input[name=s3_extra_money][value=khong]")


@pytest.fixture
def ward(transactional_db, world, settings):
    settings.RATE_LIMIT_SUBMIT = 1000  # 40 answers from one test address
    load_templates()
    _persona("ward_coordinator", world.vp_bach_sam, Membership.Role.COORDINATOR)
    yield world
    # The 40 answers counted against this address must not eat the next test's allowance (same Redis database).
    cache.clear()


def test_one_stop_survey_from_qr_to_indices(page, browser, live_server, ward):
    page.set_default_timeout(20000)
    # given: the ward's coordinator, logged in
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "ward_coordinator")
    page.fill("#id_password", PASSWORD)
    page.locator("form [type=submit]").last.click()
    page.wait_for_url(f"{live_server.url}/")

    # when: they create the survey from the one-stop template
    page.goto(f"{live_server.url}/surveys/add/")
    page.select_option("#id_template", label="Sự hài lòng tại Bộ phận một cửa")
    page.fill("#id_title", "Hài lòng tại Bộ phận một cửa phường Bạch Sam")
    shot(page, "surveys-new")
    page.locator("main form [type=submit]").click()
    page.wait_for_url(re.compile(r"/surveys/\d+/$"))
    survey = Survey.objects.get()
    # … add the second service point, and open the survey
    page.goto(f"{live_server.url}/surveys/{survey.pk}/points/add/")
    page.fill("#id_name", "Điểm tiếp công dân")
    page.fill("#id_quota", "30")
    page.locator("main form [type=submit]").click()
    page.wait_for_url(re.compile(r"#points$"))
    page.locator("form[action$='/open/transition/'] button").click()
    page.wait_for_selector("#survey-status")
    assert Survey.objects.get().status == "open"
    shot(page, "surveys-detail")
    main, second = survey.points.order_by("id")
    page.goto(f"{live_server.url}/surveys/points/{main.pk}/qr/")
    expect(page.locator("svg.qr, .qr-sheet svg")).to_have_count(1)
    shot(page, "surveys-qr")

    # and: 40 citizens answer through the public link, each on their own device
    public = f"{live_server.url}/khao-sat/{main.token}/"
    for i in range(40):
        context = browser.new_context()
        citizen = context.new_page()
        citizen.goto(public)
        answer(citizen, "chung_thuc", ANSWERS[i % 10])
        if i == 0:
            shot(citizen, "surveys-public-form")
        citizen.locator("main form [type=submit]").click()
        citizen.wait_for_selector("#thanks")
        if i == 0:
            # a second answer from the same device is refused, nothing stored twice
            citizen.goto(public)
            expect(citizen.locator("#already")).to_be_visible()
        context.close()
    assert Response.objects.filter(channel="web").count() == 40

    # and: 10 paper forms typed in at the second point, with the keyboard
    page.goto(f"{live_server.url}/surveys/{survey.pk}/entry/?point={second.pk}")
    for i in range(10):
        answer(page, "ho_tich", ANSWERS[(i + 3) % 10])
        if i == 0:
            shot(page, "surveys-entry")
        page.keyboard.press("Enter")
        page.wait_for_selector(".alert-success")
    assert Response.objects.filter(channel="paper", point=second).count() == 10

    # then: the indices show per factor with their intervals …
    page.goto(f"{live_server.url}/surveys/{survey.pk}/results/")
    factors = page.locator("#factor-table tbody tr")
    expect(factors).to_have_count(5)
    assert re.search(r"\d+(,|\.)\d – \d+", factors.first.inner_text())
    assert page.locator("svg.interval-chart").count() >= 2
    # … the counter is ranked and the second point, under 30 responses, is shown but not ranked
    league = page.locator("#point-league tbody tr")
    expect(league).to_have_count(2)
    ranked = page.locator(f"#point-league tr[data-point='{main}']")
    assert ranked.locator("td").first.inner_text().strip() == "1"
    unranked = page.locator(f"#point-league tr[data-point='{second}']")
    expect(unranked.locator(".badge")).to_have_count(1)
    shot(page, "surveys-results")
