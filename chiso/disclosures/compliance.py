"""Compliance with disclosure duties: each required place of each duty judged on time, late, taken down early,
missing or not yet due — the read model the compliance page, the API, the exports, the consolidated report's
section and the public portal all read (four queries, whatever the number of units).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from chiso.units.models import AdministrativeUnit

from . import periods
from .models import DisclosureType, Duty, Place, PlaceState, Posting, PostingPlace

COUNTED = [PlaceState.ON_TIME, PlaceState.LATE, PlaceState.TAKEN_DOWN_EARLY, PlaceState.MISSING, PlaceState.NOT_DUE]


@dataclass
class Line:
    """One required place of one duty: the place posted there (None when missing) and its state. A place of a kind
    the rule does not require is shown (``extra``) but not counted."""

    duty: Duty
    kind: str
    state: str
    place: PostingPlace | None = None
    extra: bool = False

    @property
    def kind_label(self) -> str:
        return str(Place(self.kind).label) if self.kind in Place.values else self.kind

    @property
    def state_label(self) -> str:
        return str(PlaceState(self.state).label)

    @property
    def required_until(self):
        return self.duty.required_until(self.place.posted_from) if self.place else None

    @property
    def posting_url(self) -> str:
        return reverse("disclosures:posting_detail", args=[self.place.posting_id]) if self.place else ""


@dataclass
class Compliance:
    lines: list[Line] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)

    # Read once the lines are all there (``judge`` and ``by_unit``/``by_type`` fill them before any read).
    @cached_property
    def counted(self) -> list[Line]:
        return [line for line in self.lines if not line.extra]

    @cached_property
    def counts(self) -> dict[str, int]:
        found = Counter(line.state for line in self.counted)
        return {state.value: found.get(state.value, 0) for state in COUNTED}

    @property
    def expected(self) -> int:
        return len(self.counted)

    @property
    def rate(self) -> int | None:
        """Per cent of the places due that were posted on time and kept up (None when nothing was due yet)."""
        counts = self.counts
        due = self.expected - counts[PlaceState.NOT_DUE]
        return round(100 * counts[PlaceState.ON_TIME] / due) if due else None

    def by_unit(self) -> list[tuple[object, Compliance]]:
        return sorted(self._grouped("unit"), key=lambda pair: pair[0].path)

    def by_type(self) -> list[tuple[object, Compliance]]:
        return sorted(self._grouped("type"), key=lambda pair: (pair[0].position, pair[0].name))

    def _grouped(self, by: str) -> list[tuple[object, Compliance]]:
        """The duties and lines split by the duty's ``by`` (``unit`` or ``type``): one Compliance a group, with
        the group's record (read from its duties, no query)."""
        groups: dict[int, Compliance] = {}
        records = {}
        for duty in self.duties:
            records[getattr(duty, f"{by}_id")] = getattr(duty, by)
            groups.setdefault(getattr(duty, f"{by}_id"), Compliance()).duties.append(duty)
        for line in self.lines:
            groups[getattr(line.duty, f"{by}_id")].lines.append(line)
        return [(records[k], v) for k, v in groups.items()]


DUTY_FIELDS = ("id", "unit_id", "type_id", "label", "key", "due_on", "period_end", "places", "min_days")


def judge(duties, places, today: dt.date) -> Compliance:
    """Each duty's required places against the confirmed places posted for it."""
    posted = defaultdict(list)
    for place in places:
        posted[place.duty_pk].append(place)
    result = Compliance(duties=list(duties))
    for duty in result.duties:
        mine = posted.get(duty.pk, [])
        for kind in duty.places:
            at_kind = [p for p in mine if p.kind == kind]
            if not at_kind:
                state = PlaceState.MISSING if today > duty.due_on else PlaceState.NOT_DUE
                result.lines.append(Line(duty, kind, state.value))
            for place in at_kind:
                result.lines.append(Line(duty, kind, place.state(duty), place))
        for place in mine:
            if place.kind not in duty.places:
                result.lines.append(Line(duty, place.kind, place.state(duty), place, extra=True))
    return result


def compute(unit, start: dt.date, end: dt.date, *, today=None, descendants=True, duties=None) -> Compliance:
    """Compliance of ``unit`` (and the units below it) for the duties due between ``start`` and ``end``."""
    today = today or timezone.localdate()
    if duties is None:
        duties = Duty.objects.for_unit(unit, descendants=descendants).due_between(start, end)
    # Only what the judgement and the tables read: a province is a thousand duties and as many places. Rules and
    # units are read once each and shared by the duties (a join would build them once per duty).
    duties = list(duties.only(*DUTY_FIELDS).order_by("due_on", "id"))
    rules = DisclosureType.objects.only("id", "name", "code", "position").in_bulk({d.type_id for d in duties})
    units = AdministrativeUnit.objects.only("id", "name", "path", "code", "level").in_bulk({d.unit_id for d in duties})
    for duty in duties:
        duty.type, duty.unit = rules[duty.type_id], units[duty.unit_id]
    duties.sort(key=lambda d: d.unit.path)
    places = (
        PostingPlace.objects.filter(posting__duty__in=[d.pk for d in duties], posting__status=Posting.Status.CONFIRMED)
        .annotate(duty_pk=F("posting__duty_id"))
        .only("id", "posting_id", "kind", "name", "posted_from", "posted_to", "taken_down_reason")
        .order_by("posting__duty_id", "kind", "name", "id")
        if duties
        else []
    )
    return judge(duties, list(places), today)


def for_period(unit, key: str, *, today=None, descendants=True) -> Compliance:
    start, end = periods.parse(key)
    return compute(unit, start, end, today=today, descendants=descendants)


def lines_in(compliance: Compliance, state: str | None) -> list[Line]:
    """The list behind a number: the counted lines of one state (all when ``state`` is empty)."""
    if not state:
        return compliance.lines
    return [line for line in compliance.counted if line.state == state]
