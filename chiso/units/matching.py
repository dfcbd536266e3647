"""Agency names as plans write them → the agencies of a unit: the one matcher of the plan-document import
(``chiso.imports``) and of the .xlsx task table (``chiso.plans.importers``).

Accent-insensitive; abbreviations expanded ("Phòng VH-TT" ↔ "Phòng Văn hóa và Thông tin", "UBMTTQ" ↔ "Ủy ban
Mặt trận Tổ quốc Việt Nam"); unit-aware ("Thanh tra thị xã" is the plan's district's inspectorate, "UBND xã,
phường" is the committees of all communes below); learning: a name confirmed once is stored in the agency's
``aliases`` and matches from then on.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.db.models import Q

from chiso.lib import tree
from chiso.lib.text import fold

from .models import Agency

MATCHED, GENERAL, UNMATCHED = "matched", "general", "unmatched"
# "UBND xã, phường" and its variants: the committees of all communes below the unit.
ALL_COMMUNES = re.compile(r"(?:ubnd|uy ban nhan dan) (?:cac )?xa, phuong(?:, thi tran)?")

ABBREVIATIONS = [
    (r"\bubmttq\b", "uy ban mat tran to quoc"),
    (r"\bmttq\b", "mat tran to quoc"),
    (r"\bubnd\b", "uy ban nhan dan"),
    (r"\bhdnd\b", "hoi dong nhan dan"),
    (r"\bvh ?(?:&|va|-)? ?tt\b", "van hoa va thong tin"),
    (r"\bvh ?(?:&|va|-)? ?xh\b", "van hoa xa hoi"),
    (r"\btc ?(?:&|va|-)? ?kh\b", "tai chinh ke hoach"),
    (r"\bld ?(?:&|-)? ?tb ?(?:&|va|-)? ?xh\b", "lao dong thuong binh va xa hoi"),
    (r"\btn ?(?:&|va|-)? ?mt\b", "tai nguyen va moi truong"),
    (r"\bgd ?(?:&|va|-)? ?dt\b", "giao duc va dao tao"),
    (r"\bqldt\b", "quan ly do thi"),
    (r"\bvp\b", "van phong"),
]
UNIT_WORDS = r"(?:tinh|huyen|thi xa|thanh pho|quan|xa|phuong|thi tran)"
# Calls on everyone concerned ("Các ngành có liên quan") name no agency: they are not linked and not asked about.
GENERAL_CALL = re.compile(r"^(cac|nhung|doan kiem tra|co quan|don vi|ban nganh) ")


def _strictly_below(unit, top) -> bool:
    return unit.path != top.path and tree.is_within(unit.path, top.path)


def key(name: str) -> str:
    text = fold(name).replace("&", " & ")
    text = re.sub(r"[\"“”'().,:;]", " ", text)
    text = " ".join(text.split())
    for pattern, expansion in ABBREVIATIONS:
        text = re.sub(pattern, expansion, text)
    text = re.sub(r"\s*[-–]\s*", " ", text)
    text = re.sub(r"^(?:cong chuc|can bo)\s+", "", text)  # "Công chức Văn phòng - Thống kê": the post
    text = re.sub(r"\bviet nam\b", "", text)
    text = re.sub(r"\bva\b", "", text)
    return " ".join(text.split())


def unitless(text: str) -> str:
    return re.sub(rf"\s+{UNIT_WORDS}(?!\s+hoi\b)(\s+[a-z0-9]+){{0,3}}$", "", text).strip()


@dataclass
class Match:
    """What a name matched: ``status`` is MATCHED (``agencies``), GENERAL (a call on everyone concerned, no agency)
    or UNMATCHED (``suggestions``: the nearest agencies)."""

    status: str
    agencies: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)


class AgencyMatcher:
    """The active agencies of ``unit``, of the units below it and of the units above it, by the names plans use.
    Several agencies of one name: the unit's own is meant."""

    def __init__(self, unit):
        self.unit = unit
        below = tree.subtree_q([unit.path], "unit", include_self=False)
        ancestors = [u.pk for u in unit.ancestors()]
        self.agencies = list(
            Agency.objects.filter(Q(unit=unit) | below | Q(unit__in=ancestors), is_active=True).select_related("unit")
        )
        self.names: dict[str, list[Agency]] = {}
        self.keys: dict[str, list[Agency]] = {}
        for agency in self.agencies:
            for name in [agency.name, agency.short_name, *(agency.aliases or [])]:
                if name:
                    self.names.setdefault(fold(name).rstrip(" ."), []).append(agency)
                    k = key(name)
                    self.keys.setdefault(k, []).append(agency)
                    if agency.unit_id == unit.pk:
                        self.keys.setdefault(unitless(k), []).append(agency)
        self.communes = [a for a in self.agencies if a.kind == Agency.Kind.COMMITTEE and _strictly_below(a.unit, unit)]

    def _prefer_own(self, found):
        own = [a for a in found if a.unit_id == self.unit.pk]
        return (own or found)[:1]

    def match(self, name: str) -> Match:
        folded = fold(name).rstrip(" .")
        if ALL_COMMUNES.fullmatch(folded) and self.communes:
            return Match(MATCHED, list(self.communes))
        k = key(name)
        for found in (self.names.get(folded), self.keys.get(k)):
            if found:  # an agency (or a confirmed alias) of that name, as written, then with abbreviations read
                return Match(MATCHED, self._prefer_own(found))
        both = re.fullmatch(r"(.+?) thi xa(?: va|,) xa, phuong(?:, thi tran)?", folded)
        if both:
            # "Ủy ban MTTQ Việt Nam thị xã và xã, phường": the district's body and the same bodies of the communes.
            upper = self.match(name[: len(both.group(1))] + " thị xã")
            if upper.status == MATCHED:
                kind = upper.agencies[0].kind
                below = [a for a in self.agencies if a.kind == kind and _strictly_below(a.unit, self.unit)]
                return Match(MATCHED, upper.agencies + below)
        found = self.keys.get(unitless(k))
        if found:  # "Thanh tra" for "Thanh tra thị xã": the unit's own agency without the unit's words
            return Match(MATCHED, self._prefer_own(found))
        if GENERAL_CALL.match(folded):
            return Match(GENERAL)
        close = difflib.get_close_matches(unitless(k), list(self.keys), n=3, cutoff=0.55)
        suggestions = []
        for c in close:
            agency = self._prefer_own(self.keys[c])[0]
            if agency not in suggestions:
                suggestions.append(agency)
        return Match(UNMATCHED, suggestions=suggestions)
