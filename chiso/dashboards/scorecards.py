"""A scorecard's results: each unit of the rated level below the scorecard's unit, and each of its own agencies,
scored from the stored figures by the formula everyone can read — a weighted mean of ratios, the weights of the
criteria a subject has nothing to be judged on shared among the others — then ranked (ties share a rank and are
named), proposed for a reward or reminded."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.lib import tree
from chiso.units.models import AdministrativeUnit, Agency

from .models import Figure, Scorecard


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    numerator: str
    denominator: tuple[str, ...]
    explanation: str


CRITERIA = {
    c.key: c
    for c in [
        Criterion(
            "tasks_on_time",
            gettext_lazy("On-time task completion"),
            "tasks.on_time",
            ("tasks.on_time", "tasks.late", "tasks.overdue"),
            gettext_lazy("tasks completed on time, out of those completed or overdue"),
        ),
        Criterion(
            "reports_on_time",
            gettext_lazy("Report timeliness and acceptance"),
            "reports.accepted_on_time",
            ("reports.on_time", "reports.late", "reports.missing"),
            gettext_lazy("reports sent on time and accepted, out of those sent or missing"),
        ),
        Criterion(
            "feedback_on_time",
            gettext_lazy("Feedback answered on time"),
            "feedback.on_time",
            ("feedback.on_time", "feedback.late", "feedback.overdue"),
            gettext_lazy("feedback answered on time, out of those answered or overdue"),
        ),
        Criterion(
            "disclosure",
            gettext_lazy("Disclosure compliance"),
            "disclosures.on_time",
            ("disclosures.due",),
            gettext_lazy("places posted on time and kept up, out of the places due"),
        ),
        Criterion(
            "remedies_closed",
            gettext_lazy("Remedies closed on time"),
            "remedies.on_time",
            ("remedies.on_time", "remedies.late", "remedies.overdue"),
            gettext_lazy("remedies closed on time, out of those closed or overdue"),
        ),
    ]
}
KEYS = sorted({c.numerator for c in CRITERIA.values()} | {k for c in CRITERIA.values() for k in c.denominator})
TWO = Decimal("0.01")


def percent(numerator: int, denominator: int) -> Decimal:
    return (Decimal(100) * numerator / denominator).quantize(TWO, ROUND_HALF_UP)


@dataclass
class Input:
    criterion: Criterion
    weight: Decimal
    minimum: Decimal | None
    numerator: int
    denominator: int

    @property
    def ratio(self) -> Decimal | None:
        return percent(self.numerator, self.denominator) if self.denominator else None

    @property
    def below_minimum(self) -> bool:
        return self.ratio is not None and self.minimum is not None and self.ratio < self.minimum


class Outcome:
    REWARD, REMIND, NONE, NOTHING = "reward", "remind", "", "nothing"


@dataclass
class Result:
    subject: object  # a unit or an agency
    kind: str  # "unit" or "agency"
    inputs: list[Input]
    score: Decimal | None = None
    rank: int | None = None
    tied_with: list = field(default_factory=list)
    outcome: str = Outcome.NONE
    reasons: list[str] = field(default_factory=list)

    @property
    def weights_used(self) -> Decimal:
        return sum((i.weight for i in self.inputs if i.ratio is not None), Decimal(0))

    @property
    def tie_note(self) -> str:
        if not self.tied_with:
            return ""
        return _("Same score as %(names)s: they share rank %(rank)s and are listed by name.") % {
            "names": ", ".join(str(s) for s in self.tied_with),
            "rank": self.rank,
        }


def score_of(inputs: list[Input]) -> Decimal | None:
    """Σ weight × ratio / Σ weight, over the criteria the subject can be judged on; None when there are none."""
    used = [i for i in inputs if i.ratio is not None]
    weights = sum((i.weight for i in used), Decimal(0))
    if not used or not weights:
        return None
    return (sum((i.weight * i.ratio for i in used), Decimal(0)) / weights).quantize(TWO, ROUND_HALF_UP)


def criteria_of(scorecard: Scorecard) -> list[tuple[Criterion, Decimal, Decimal | None]]:
    rows = []
    for entry in scorecard.criteria or []:
        criterion = CRITERIA.get(entry.get("key"))
        if criterion is None:
            continue
        minimum = entry.get("minimum")
        rows.append(
            (criterion, Decimal(str(entry.get("weight", 0))), Decimal(str(minimum)) if minimum is not None else None)
        )
    return rows


def judge(scorecard: Scorecard, result: Result) -> None:
    if result.score is None:
        result.outcome = Outcome.NOTHING
        result.reasons = [_("Nothing to judge in this period.")]
        return
    low = [i for i in result.inputs if i.below_minimum]
    if result.score < scorecard.remind_below or low:
        result.outcome = Outcome.REMIND
        if result.score < scorecard.remind_below:
            result.reasons.append(_("Score under %(n)s.") % {"n": localize(scorecard.remind_below)})
        for i in low:
            result.reasons.append(
                _("%(criterion)s: %(ratio)s%% is under the minimum of %(minimum)s%%.")
                % {"criterion": i.criterion.label, "ratio": localize(i.ratio), "minimum": localize(i.minimum)}
            )
    elif result.score >= scorecard.reward_from:
        result.outcome = Outcome.REWARD
        result.reasons.append(
            _("Score of %(n)s or more, every criterion at its minimum.") % {"n": localize(scorecard.reward_from)}
        )


def rank(results: list[Result]) -> list[Result]:
    """Best score first; equal scores share a rank (1, 2, 2, 4) and name each other; no score: unranked, last."""
    scored = sorted((r for r in results if r.score is not None), key=lambda r: (-r.score, str(r.subject)))
    position = 0
    for index, result in enumerate(scored, start=1):
        if index == 1 or result.score != scored[index - 2].score:
            position = index
        result.rank = position
    for result in scored:
        result.tied_with = [r.subject for r in scored if r.score == result.score and r is not result]
    return scored + sorted((r for r in results if r.score is None), key=lambda r: str(r.subject))


def subjects(scorecard: Scorecard):
    """The units of the rated level below the scorecard's unit, and the unit's own active agencies."""
    units = list(
        AdministrativeUnit.objects.filter(tree.subtree_q([scorecard.unit.path], include_self=False))
        .filter(level=scorecard.level)
        .order_by("name")
    )
    agencies = list(Agency.objects.filter(unit=scorecard.unit, is_active=True).order_by("name"))
    return units, agencies


def compute(scorecard: Scorecard, year: int, period: str = "Y") -> dict[str, list[Result]]:
    """``{"units": [...], "agencies": [...]}``, each ranked; two queries of stored figures."""
    units, agencies = subjects(scorecard)
    formula = criteria_of(scorecard)
    figures = Figure.objects.filter(year=year, period=period, key__in=KEYS, part="")
    by_unit: dict[int, dict[str, int]] = {}
    for unit_id, key, value in figures.filter(agency__isnull=True, unit__in=[u.pk for u in units]).values_list(
        "unit_id", "key", "value"
    ):
        by_unit.setdefault(unit_id, {})[key] = int(value)
    by_agency: dict[int, dict[str, int]] = {}
    for agency_id, key, value in figures.filter(agency__in=[a.pk for a in agencies]).values_list(
        "agency_id", "key", "value"
    ):
        by_agency.setdefault(agency_id, {})[key] = int(value)

    def result(subject, kind, counts):
        inputs = [
            Input(c, weight, minimum, counts.get(c.numerator, 0), sum(counts.get(k, 0) for k in c.denominator))
            for c, weight, minimum in formula
        ]
        made = Result(subject, kind, inputs, score=score_of(inputs))
        judge(scorecard, made)
        return made

    return {
        "units": rank([result(u, "unit", by_unit.get(u.pk, {})) for u in units]),
        "agencies": rank([result(a, "agency", by_agency.get(a.pk, {})) for a in agencies]),
    }


def as_dict(result: Result) -> dict:
    """A result as the API answers it."""
    return {
        "kind": result.kind,
        "id": result.subject.pk,
        "name": str(result.subject),
        "score": str(result.score) if result.score is not None else None,
        "rank": result.rank,
        "tied_with": [s.pk for s in result.tied_with],
        "outcome": result.outcome,
        "reasons": result.reasons,
        "inputs": [
            {
                "criterion": i.criterion.key,
                "weight": str(i.weight),
                "minimum": str(i.minimum) if i.minimum is not None else None,
                "numerator": i.numerator,
                "denominator": i.denominator,
                "ratio": str(i.ratio) if i.ratio is not None else None,
            }
            for i in result.inputs
        ],
    }
