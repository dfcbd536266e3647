"""What disclosures adds to the pages of the apps below it: a section of a unit's public portal page (the postings
up today) and a section of the consolidated report (compliance in the report's window)."""

from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import compliance
from .models import Place, PlaceState, PostingPlace

POSTING_LEVELS = ("commune", "district", "province")


def current_postings(unit, today):
    """The confirmed postings of ``unit`` up today, each with its places (what, where, until when) and, when it is
    on the unit's web portal, its documents: what a citizen may see."""
    places = (
        PostingPlace.objects.current(today)
        .for_unit(unit)
        .select_related("posting__duty__type")
        .prefetch_related("posting__documents")
        .order_by("posting__duty__type__position", "posting_id", "kind", "name", "id")
    )
    grouped = defaultdict(list)
    postings = {}
    for place in places:
        postings[place.posting_id] = place.posting
        grouped[place.posting_id].append(place)
    rows = []
    for pk, posting in postings.items():
        mine = grouped[pk]
        on_portal = any(p.kind == Place.WEB_PORTAL for p in mine)
        rows.append(
            {
                "posting": posting,
                "duty": posting.duty,
                "places": [
                    {"place": p, "until": p.posted_to or posting.duty.required_until(p.posted_from)} for p in mine
                ],
                "documents": list(posting.documents.all()) if on_portal else [],
            }
        )
    return rows


def portal_context(unit, today):
    if unit.level not in POSTING_LEVELS:
        return None
    rows = current_postings(unit, today)
    return {"rows": rows, "url": reverse("disclosures:public_list", args=[unit.code])}


def report_section(unit, period):
    """Compliance of ``unit`` and the units below it with the duties due in the report's data window."""
    result = compliance.compute(unit, period.cutoff_start, period.cutoff_end, today=timezone.localdate())
    if not result.duties:
        return None
    counts = result.counts
    header = [
        _("Disclosure type"),
        _("Places expected"),
        str(PlaceState.ON_TIME.label),
        str(PlaceState.LATE.label),
        str(PlaceState.TAKEN_DOWN_EARLY.label),
        str(PlaceState.MISSING.label),
        str(PlaceState.NOT_DUE.label),
    ]
    rows = []
    for rule, part in result.by_type():
        c = part.counts
        rows.append([rule.name, part.expected, *(c[s] for s in compliance.COUNTED)])
    rate = result.rate
    text = _(
        "Of %(expected)s places where documents had to be posted, %(on_time)s were posted on time and kept up for the "
        "required period, %(late)s late, %(early)s taken down early and %(missing)s missing."
    ) % {
        "expected": result.expected,
        "on_time": counts[PlaceState.ON_TIME],
        "late": counts[PlaceState.LATE],
        "early": counts[PlaceState.TAKEN_DOWN_EARLY],
        "missing": counts[PlaceState.MISSING],
    }
    if rate is not None:
        text += " " + _("Compliance: %(rate)s%%.") % {"rate": rate}
    return {"title": _("Public disclosure"), "text": text, "header": header, "rows": rows}
