"""Accessibility: axe-core (npm, pinned in package.json, installed by the test command) run on a page the browser
test has open, against the WCAG 2.0/2.1 A and AA rules. ``shot()`` calls it on every page it photographs, so every
page of the browser tests' main paths is checked; a test may call ``assert_accessible(page)`` on others."""

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[dict]:
    if not AXE.exists():
        raise RuntimeError(f"{AXE} is missing: run `npm ci` (the test command does) to install axe-core")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy (script-src 'self') does
        # not govern; a <script> tag would be refused, and switching CSP off would hide what test_csp proves.
        page.evaluate(_source())
    return page.evaluate(CHECK, RULES)


CHECK = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " — " + (n.failureSummary || "").split("\\n")[1]),
  }));
}"""


def _source() -> str:
    return AXE.read_text(encoding="utf-8")


def assert_accessible(page, name: str = "") -> None:
    found = violations(page)
    if found:
        lines = [f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in found]
        where = name or page.url
        raise AssertionError(f"axe-core, WCAG 2 A/AA, {where}:\n" + "\n".join(lines))


def assert_accessible_as_served(page, name: str = "") -> None:
    """For a page opened with JavaScript off: axe-core cannot run in it (an evaluation there never returns), so the
    same URL is opened, with the same cookies, in a page of the same browser that may run scripts, and checked
    there. Server-rendered pages are the same markup either way."""
    context = page.context.browser.new_context(storage_state=page.context.storage_state())
    try:
        checked = context.new_page()
        checked.goto(page.url)
        assert_accessible(checked, name)
    finally:
        context.close()
