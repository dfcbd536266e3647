"""English left on a Vietnamese page: the words that are never Vietnamese, looked for in what the reader sees.

Used by ``test_vietnamese.py`` (issue 14: "a test fails on any English string in a Vietnamese page of the main
paths"). What is English on purpose is skipped: elements marked ``lang="en"`` (an English name given as the
translation, the language switch), code and pre blocks, and form values typed by users."""

from __future__ import annotations

import re

# Words an English sentence cannot do without and Vietnamese never writes alone (no "to", "in", "an", "no",
# "ban", "on": those are Vietnamese words too).
ENGLISH = {
    "the",
    "and",
    "with",
    "after",
    "before",
    "working",
    "days",
    "plan",
    "plans",
    "task",
    "tasks",
    "report",
    "reports",
    "due",
    "issued",
    "draft",
    "government",
    "portal",
    "portals",
    "authorities",
    "responsiveness",
    "access",
    "quality",
    "share",
    "who",
    "bribes",
    "necessary",
    "score",
    "band",
    "top_n",
    "score_band",
    "among",
    "measurable",
    "this",
    "that",
    "your",
    "you",
    "are",
    "is",
    "was",
    "has",
    "have",
    "been",
    "not",
    "of",
    "for",
    "from",
    "by",
    "awaiting",
    "approval",
    "returned",
    "overdue",
    "late",
    "none",
    "yes",
    "edit",
    "delete",
    "save",
    "cancel",
    "search",
    "next",
    "previous",
    "back",
    "page",
    "unit",
    "units",
    "agency",
    "agencies",
    "dimension",
    "dimensions",
    "indicator",
    "indicators",
    "rank",
    "rose",
    "fell",
    "level",
    "citizen",
    "citizens",
    "feedback",
    "participation",
    "transparency",
    "accountability",
    "corruption",
    "procedures",
    "delivery",
    "environmental",
    "governance",
    "public",
    "local",
    "health",
    "education",
    "people",
    "committee",
}
WORD = re.compile(r"[A-Za-z_]+")

# The text a reader sees, without what is English on purpose.
PAGE_TEXT = """() => {
  const skip = el => el.closest('[lang="en"], code, pre, script, style, [hidden], .visually-hidden');
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.parentElement || skip(node.parentElement)) continue;
    const style = getComputedStyle(node.parentElement);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    out.push(node.textContent);
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
    if (skip(el)) continue;
    for (const a of ['title', 'aria-label', 'placeholder']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
  }
  return out.join('\\n');
}"""


# Dates as officials never write them ("2025-01-03"), a rise of a negative number of places ("tăng -11 bậc"),
# raw target codes, and a decimal point where Vietnamese writes a comma ("36.5 điểm"; "1.234" groups thousands).
WRONG = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|tăng -\d|giảm -\d|top_n|score_band|\b\d+\.\d+ ?(?:điểm|%)")


def english_in(text: str) -> list[str]:
    """The lines of ``text`` with at least two English words (one stray word may be a name or a code), or with a
    date, a rise or a decimal written as officials never write them."""
    found = []
    for line in text.splitlines():
        words = [w for w in WORD.findall(line) if w.lower() in ENGLISH]
        if len(words) >= 2 or WRONG.search(line):
            found.append(" ".join(line.split())[:160])
    return found
