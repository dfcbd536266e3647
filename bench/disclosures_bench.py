"""Disclosure compliance at national scale: a year's duties for every commune of the country, and the compliance of
the largest province (its communes, every required place) as read model, page and API.

    DATABASE_URL=postgres://… .venv/bin/python bench/disclosures_bench.py [--smoke]

Needs the reference data (``chiso load-reference``: 34 provinces, 3,321 communes; loaded here when missing). The
first run makes the year's recurring duties of every commune through the daily job's service, then records postings
for the largest province in bulk (four in five duties posted, one place in ten taken down early, the rest missing or
late), so that every state is on the page. ``--smoke`` (CI) runs a few iterations only.
"""

import argparse
import datetime as dt
import random
import time
from io import StringIO

from _setup import count_queries, summary, table, timed
from django.core.management import call_command
from django.db.models import Count
from django.test import Client

from chiso.accounts.models import Membership, User
from chiso.disclosures import compliance, services
from chiso.disclosures.models import Duty, Posting, PostingPlace
from chiso.disclosures.reference import load_disclosure_types
from chiso.units.models import AdministrativeUnit, Agency

YEAR = 2025
TODAY = dt.date(2026, 2, 1)


def ensure_data():
    if not AdministrativeUnit.objects.current().filter(level="commune").exists():
        call_command("load_reference", stdout=StringIO())
    load_disclosure_types()


def make_duties():
    started = time.perf_counter()
    made = services.ensure_all_duties(dt.date(YEAR, 7, 1))
    return made, time.perf_counter() - started


def largest_province():
    return AdministrativeUnit.objects.current().provinces().annotate(n=Count("children")).order_by("-n", "code").first()


def post_in_bulk(province):
    """Postings for four duties in five of the province's communes, confirmed, each required place posted (one in
    ten taken down after 10 days, one in ten late)."""
    duties = list(Duty.objects.for_unit(province, descendants=True).filter(key__startswith=str(YEAR)))
    if Posting.objects.filter(duty__in=duties).exists():
        return 0
    rng = random.Random(18)
    postings, chosen = [], []
    for duty in duties:
        if rng.random() < 0.8:
            postings.append(Posting(duty=duty, title=f"{duty.type_id} {duty.label}", status=Posting.Status.CONFIRMED))
            chosen.append(duty)
    Posting.objects.bulk_create(postings, batch_size=2000)
    places = []
    for posting, duty in zip(postings, chosen, strict=True):
        for kind in duty.places:
            start = duty.due_on + dt.timedelta(days=3 if rng.random() < 0.1 else -1)
            end = start + dt.timedelta(days=9) if rng.random() < 0.1 else None
            reason = "Bảng tin hỏng" if end else ""
            places.append(
                PostingPlace(posting=posting, kind=kind, posted_from=start, posted_to=end, taken_down_reason=reason)
            )
    PostingPlace.objects.bulk_create(places, batch_size=5000)
    return len(postings)


def coordinator_of(province):
    agency, _ = Agency.objects.get_or_create(unit=province, name="Sở Nội vụ", defaults={"kind": Agency.Kind.OFFICE})
    user, _ = User.objects.get_or_create(username="bench.disclosures", defaults={"full_name": "Bench"})
    Membership.objects.get_or_create(user=user, agency=agency, role=Membership.Role.COORDINATOR)
    return user


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    repeat = 3 if args.smoke else 30
    ensure_data()
    made, seconds = make_duties()
    print(f"Duties of {YEAR} made for every commune: {made} new ({seconds:.1f} s); a second run makes none: ", end="")
    again, seconds = make_duties()
    print(f"{again} ({seconds:.1f} s)")
    province = largest_province()
    posted = post_in_bulk(province)
    result = compliance.compute(province, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31), today=TODAY)
    print(
        f"{province.name}: {len(result.by_unit())} communes, {len(result.duties)} duties, {result.expected} places "
        f"expected, {posted} postings added; counts {result.counts}\n"
    )
    user = coordinator_of(province)
    client = Client()
    client.force_login(user)
    page = f"/disclosures/compliance/?unit={province.pk}&period={YEAR}"
    api = f"/api/v1/disclosures/compliance/?unit={province.pk}&period={YEAR}"
    assert client.get(page).status_code == 200 and client.get(api).status_code == 200
    page_queries = count_queries(lambda: client.get(page))
    api_queries = count_queries(lambda: client.get(api))
    rows = [
        (
            "compliance read model of the province (4 queries)",
            summary(
                timed(
                    lambda: compliance.compute(province, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31), today=TODAY),
                    repeat,
                )
            ),
            "< 300 ms",
        ),
        (f"the compliance page, {page_queries} queries", summary(timed(lambda: client.get(page), repeat)), "< 300 ms"),
        (
            f"GET /api/v1/disclosures/compliance/, {api_queries} queries",
            summary(timed(lambda: client.get(api), repeat)),
            "< 300 ms",
        ),
    ]
    print(table(rows))


if __name__ == "__main__":
    main()
