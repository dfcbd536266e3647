"""Field-by-field precision and recall of the reader against gold annotations (the schema's JSON by hand).

Each field is compared as a set of normalised items (text accent-folded, spaces collapsed); a scalar is one
item. The overall figure is the micro-average F1 over every field.
"""

from __future__ import annotations

from collections import defaultdict

from chiso.lib.text import fold


def _t(value):
    return fold(str(value)).strip(" .;:") if value is not None else None


def _task_key(task):
    return task.get("number") or _t(task.get("activity"))[:50]


def items(result: dict) -> dict[str, set]:
    plan = result.get("plan", {})
    out = defaultdict(set)
    for name in ("title", "code", "issuer", "place", "issued_on", "year"):
        if plan.get(name) is not None:
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


def compare(gold: dict, found: dict) -> dict[str, dict]:
    """{field: {"tp", "fp", "fn"}} for one document."""
    g, f = items(gold), items(found)
    counts = {}
    for field in sorted(set(g) | set(f)):
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
