"""No English on a Vietnamese page of the main paths (issue 14).

The demo world (the framework, the units, the seeds' plans and reports) is loaded as ``make run`` loads it; a
coordinator, a leader and a ward officer each walk every page their menu and the pages' links lead to (up to a
limit), and the text the reader sees is checked by ``tests/browser/vietnamese.py``: two English words on a line,
an ISO date, "tăng -11 bậc", a raw target code or a decimal point in a score. What is English on purpose is
marked ``lang="en"`` and skipped."""

import re

import pytest
from django.core.management import call_command

from chiso.plans.models import Plan
from tests.browser.test_foundation import SHOTS
from tests.browser.test_plans import login
from tests.browser.vietnamese import PAGE_TEXT, english_in

pytestmark = pytest.mark.browser
PASSWORD = "chiso-demo"
# Files, state changes and other people's history are not pages to read; the results app is checked on its own.
FILES = r"logout|export|download|\.(docx|xlsx|pdf|csv|png)|/api/|/admin/|/history|/delete"
SKIP = re.compile(FILES + r"|/results/|\?")


@pytest.fixture
def demo(transactional_db):
    call_command("load_reference", verbosity=0)
    call_command("load_demo", verbosity=0)


def walk(page, base, start, limit, skip=SKIP):
    """{url: [lines with English]} for the pages reached from ``start`` by the page's own links (breadth first)."""
    seen, queue, found = set(), list(start), {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(base + url)
        if response is None or "html" not in (response.headers.get("content-type") or ""):
            continue
        lines = english_in(page.evaluate(PAGE_TEXT))
        if lines:
            found[url] = lines
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            if href and href.startswith("/") and not skip.search(href):
                queue.append(href.split("#")[0])
    return seen, found


@pytest.mark.parametrize(
    "username",
    ["vinhchau.coordinator", "myhao.leader", "pck.officer"],
)
def test_no_english_on_the_main_paths(page, live_server, demo, username):
    base = live_server.url
    page.set_default_timeout(20000)
    # given: the demo world and one of its officials, the interface in Vietnamese (the default)
    login(page, base, username, PASSWORD)
    plans = [f"/plans/{pk}/" for pk in Plan.objects.order_by("pk").values_list("pk", flat=True)]
    # when: they walk their home, the plans and what those pages link to
    seen, found = walk(page, base, ["/", *plans, "/papi/"], limit=70)
    # then: no page shows English (or a date, a rise or a decimal as officials never write them)
    assert len(seen) > 30
    assert found == {}, "\n".join(f"{url}: {line}" for url, lines in found.items() for line in lines)
    if username == "vinhchau.coordinator":
        page.set_viewport_size({"width": 1200, "height": 700})
        page.goto(f"{base}{plans[-1]}")
        page.screenshot(path=str(SHOTS / "plan-targets-vietnamese.png"))


def test_no_english_on_the_results_profile(page, live_server, demo):
    base = live_server.url
    page.set_default_timeout(20000)
    login(page, base, "hungyen.coordinator", PASSWORD)
    # Hưng Yên (legacy code 33): its 2024 and 2017 profiles show rank changes
    start = ["/results/", "/results/provinces/33/?year=2024", "/results/provinces/33/?year=2017"]
    _seen, found = walk(page, base, start, limit=8, skip=re.compile(FILES))
    assert found == {}, "\n".join(f"{url}: {line}" for url, lines in found.items() for line in lines)
