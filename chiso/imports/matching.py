"""Agency names as plans write them → the agencies of the system.

Accent-insensitive; abbreviations expanded ("Phòng VH-TT" ↔ "Phòng Văn hóa và Thông tin", "UBMTTQ" ↔ "Ủy ban
Mặt trận Tổ quốc Việt Nam"); unit-aware ("Thanh tra thị xã" is the plan's district's inspectorate, "UBND xã,
phường" is the committees of all communes below); learning: a name confirmed once is stored in the agency's
``aliases`` and matches from then on.
"""

from __future__ import annotations

import difflib
import re

from django.db.models import Q

from chiso.lib.text import fold
from chiso.plans.importers import ALL_COMMUNES
from chiso.units.models import Agency

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
GENERAL = re.compile(r"^(cac|nhung|doan kiem tra|co quan|don vi|ban nganh) ")


def key(name: str) -> str:
    text = fold(name).replace("&", " & ")
    text = re.sub(r"[\"“”'().,:;]", " ", text)
    text = " ".join(text.split())
    for pattern, expansion in ABBREVIATIONS:
        text = re.sub(pattern, expansion, text)
    text = re.sub(r"\s*[-–]\s*", " ", text)
    text = re.sub(r"\bviet nam\b", "", text)
    text = re.sub(r"\bva\b", "", text)
    return " ".join(text.split())


def unitless(text: str) -> str:
    return re.sub(rf"\s+{UNIT_WORDS}(?!\s+hoi\b)(\s+[a-z0-9]+){{0,3}}$", "", text).strip()


class Matcher:
    def __init__(self, unit):
        self.unit = unit
        below = Q(unit__path__startswith=unit.path + ".")
        ancestors = [u.pk for u in unit.ancestors()]
        self.agencies = list(
            Agency.objects.filter(Q(unit=unit) | below | Q(unit__in=ancestors), is_active=True).select_related("unit")
        )
        self.keys: dict[str, list[Agency]] = {}
        for agency in self.agencies:
            for name in [agency.name, agency.short_name, *(agency.aliases or [])]:
                if name:
                    k = key(name)
                    self.keys.setdefault(k, []).append(agency)
                    if agency.unit_id == unit.pk:
                        self.keys.setdefault(unitless(k), []).append(agency)
        self.communes = [
            a for a in self.agencies if a.kind == Agency.Kind.COMMITTEE and a.unit.path.startswith(unit.path + ".")
        ]

    def _prefer_own(self, found):
        own = [a for a in found if a.unit_id == self.unit.pk]
        return (own or found)[:1]

    def match(self, name: str) -> dict:
        """{"status": "matched" | "general" | "unmatched", "agencies": [...], "suggestions": [...]}"""
        folded = fold(name)
        all_communes = folded in ALL_COMMUNES or re.fullmatch(
            r"(?:ubnd|uy ban nhan dan) (?:cac )?xa, phuong(?:, thi tran)?", folded
        )
        if all_communes and self.communes:
            return {"status": "matched", "agencies": self.communes, "suggestions": []}
        both = re.fullmatch(r"(.+?) thi xa(?: va|,) xa, phuong(?:, thi tran)?", folded)
        if both:
            # "Ủy ban MTTQ Việt Nam thị xã và xã, phường": the district's body and the same bodies of the communes.
            upper = self.match(name[: len(both.group(1))] + " thị xã")
            if upper["status"] == "matched":
                kind = upper["agencies"][0].kind
                below = [a for a in self.agencies if a.kind == kind and a.unit.path.startswith(self.unit.path + ".")]
                return {"status": "matched", "agencies": upper["agencies"] + below, "suggestions": []}
        k = key(name)
        for candidate in (k, unitless(k)):
            found = self.keys.get(candidate)
            if found:
                return {"status": "matched", "agencies": self._prefer_own(found), "suggestions": []}
        if GENERAL.match(folded):
            return {"status": "general", "agencies": [], "suggestions": []}
        close = difflib.get_close_matches(unitless(k), list(self.keys), n=3, cutoff=0.55)
        suggestions = []
        for c in close:
            agency = self._prefer_own(self.keys[c])[0]
            if agency not in suggestions:
                suggestions.append(agency)
        return {"status": "unmatched", "agencies": [], "suggestions": suggestions}
