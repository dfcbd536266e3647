"""A plan's targets as plans write them → kind and value: the one reader of the plan page (a target per line) and of
the plan-document import (the clauses under "Mục tiêu"). ``chiso.results`` checks them against the results.

"vào nhóm 03 đứng đầu" → top_n 3; "đạt điểm khá" → score_band khá; "đạt 36,5 điểm" → score 36.5;
"xếp thứ 10", "tăng 5 bậc" → rank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chiso.lib.budget import charge
from chiso.lib.text import clean_text, fold

from .models import Target

TOP_N = re.compile(r"(?:nam trong|vao|thuoc|trong|top|dung trong) (?:nhom|top) (\d{1,3})")
SCORE_BAND = re.compile(r"dat (?:diem|muc|loai) (kha|tot|trung binh kha|trung binh|cao|xuat sac)")
SCORE = re.compile(r"(?:dat|tren|tu) (\d{1,2}(?:[.,]\d{1,2})?) diem")
RANK = re.compile(r"(?:xep (?:thu|hang)|tang) (\d{1,2}) (?:bac|hang)?")


@dataclass(frozen=True)
class TargetReading:
    """One target read from text: ``value`` is a number for a group, score or rank, the band's word otherwise."""

    text: str
    kind: str
    value: int | float | str

    @property
    def stored_value(self) -> str:
        """``value`` as ``Target.value`` keeps it."""
        return str(self.value)


def read_targets(text: str) -> list[TargetReading]:
    """Every target the text states, clause by clause (a ";" separates clauses); none when it states none."""
    charge(len(text or ""))  # an import reads targets inside its time budget
    found = []
    for clause in (text or "").split(";"):
        folded = fold(clause)
        words = clean_text(clause).strip(" .")
        for m in TOP_N.finditer(folded):
            found.append(TargetReading(words, Target.Kind.TOP_N, int(m.group(1))))
        for m in SCORE_BAND.finditer(folded):
            # the band as written, accents kept: fold() keeps positions, so the span is the original's
            found.append(
                TargetReading(words, Target.Kind.SCORE_BAND, clean_text(clause)[m.start(1) : m.end(1)].lower())
            )
        for m in SCORE.finditer(folded):
            score = float(m.group(1).replace(",", "."))
            found.append(TargetReading(words, Target.Kind.SCORE, int(score) if score.is_integer() else score))
        for m in RANK.finditer(folded):
            found.append(TargetReading(words, Target.Kind.RANK, int(m.group(1))))
    return found


def read_target(line: str) -> TargetReading:
    """The target a line typed on the plan page states: the first one read, or "other" (kept as typed)."""
    found = read_targets(line)
    return found[0] if found else TargetReading(line, Target.Kind.OTHER, "")
