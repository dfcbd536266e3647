"""Field-by-field precision and recall of the reader against gold annotations (the schema's JSON by hand).

Each field is compared as a set of normalised items (text accent-folded, spaces collapsed); a scalar is one
item. The overall figure is the micro-average F1 over every field.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from chiso.lib.text import fold


def _t(value):
    return fold(str(value)).strip(" .;:") if value is not None else None


def _task_key(task):
    return task.get("number") or _t(task.get("activity"))[:50]


def items(result: dict) -> dict[str, set]:
    plan = result.get("plan", {})
    out = defaultdict(set)
    for name in ("title", "code", "issuer", "place", "issued_on", "year"):
        if plan.get(name) not in (None, ""):  # an empty title is a title not found
            out[f"plan.{name}"].add(_t(plan[name]))
    for name in ("name", "title"):
        if (plan.get("signer") or {}).get(name):
            out[f"plan.signer.{name}"].add(_t(plan["signer"][name]))
    for b in plan.get("basis", []):
        out["plan.basis"].add((_t(b["kind"]), b["code"], b["issued_on"], _t(b["issuer"])))
    for t in plan.get("targets", []):
        out["plan.targets"].add((t["kind"], _t(t["value"])))
    for r in plan.get("recipients", []):
        out["plan.recipients"].add(_t(r))
    for s in result.get("sections", []):
        out["sections"].add((s["number"], _t(s["heading"])))
        out["sections.level"].add((s["number"], _t(s["heading"]), s["level"]))
        if s.get("dimension"):
            out["sections.dimension"].add((s["number"], _t(s["heading"]), s["dimension"]))
    for t in result.get("tasks", []):
        k = _task_key(t)
        out["tasks"].add((k, _t(t["activity"])[:80]))
        out["tasks.group"].add((k, _t(t.get("group"))))
        for name in t.get("lead", []):
            out["tasks.lead"].add((k, _t(name)))
        for name in t.get("coordinating", []):
            out["tasks.coordinating"].add((k, _t(name)))
        tf = t.get("timeframe") or {}
        out["tasks.timeframe"].add((k, tf.get("kind"), tf.get("start"), tf.get("end")))
        for d in t.get("dimensions", []):
            out["tasks.dimensions"].add((k, d))
    for r in result.get("responsibilities", []):
        out["responsibilities"].add(_t(r["agency"]))
        for d in r.get("duties", []):
            out["responsibilities.duties"].add((_t(r["agency"]), _t(d)[:80]))
    for r in result.get("reporting", []):
        out["reporting"].add((r["cadence"], r["due_on"], r["data_from"], r["data_to"]))
        out["reporting.to"].add((r["cadence"], _t(r.get("to"))))
    for d in result.get("deadlines", []):
        out["deadlines"].add((d["due_on"], d["rule"]))
    return out


HEADER = ["plan.title", "plan.code", "plan.issuer", "plan.place", "plan.issued_on", "plan.year"]


def compare(gold: dict, found: dict, fields=None) -> dict[str, dict]:
    """{field: {"tp", "fp", "fn"}} for one document: every field, or only ``fields`` (or the gold's ``scored``
    list, when it annotates only some fields: the header of a document's opening)."""
    g, f = items(gold), items(found)
    counts = {}
    fields = fields or gold.get("scored")
    for field in fields or sorted(set(g) | set(f)):
        tp = len(g[field] & f[field])
        counts[field] = {"tp": tp, "fp": len(f[field]) - tp, "fn": len(g[field]) - tp}
    return counts


def add(total: dict, counts: dict) -> dict:
    for field, c in counts.items():
        t = total.setdefault(field, {"tp": 0, "fp": 0, "fn": 0})
        for k in ("tp", "fp", "fn"):
            t[k] += c[k]
    return total


def scores(c: dict) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1


def overall(total: dict) -> tuple[float, float, float]:
    summed = {k: sum(c[k] for c in total.values()) for k in ("tp", "fp", "fn")}
    return scores(summed)


def field_mean(total: dict, fields=None) -> float:
    """The mean over fields of each field's F1 (every field counts the same, however many items it has)."""
    chosen = [c for name, c in total.items() if fields is None or name in fields]
    return sum(scores(c)[2] for c in chosen) / len(chosen) if chosen else 0.0


def _opening(text: str) -> str:
    """The first six words of a measure, accent-folded, without its list mark: what a person's list of measures
    and the reader's proposals are matched on."""
    text = re.sub(r"^(?:[a-zđ]\)|\d{1,2}(?:[.,]\d{1,2})*[.,]?|[-+•])\s*", "", text.strip())
    return " ".join(fold(text).replace(",", " ").replace(".", " ").split()[:6])


def precision_recall(proposed: list[str], counted: list[str]) -> tuple[int, float, float]:
    """(matched, precision, recall) of the proposed tasks against the measures a person counts (their openings)."""
    found, wanted = Counter(map(_opening, proposed)), Counter(map(_opening, counted))
    hits = sum((found & wanted).values())
    return hits, hits / max(sum(found.values()), 1), hits / max(sum(wanted.values()), 1)
