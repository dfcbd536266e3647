"""Roll-ups of inspections per unit and period (planned vs held, findings by severity and theme, remedies on time,
late, open, reopened), the "Kết quả kiểm tra" section of the consolidated report and the published conclusions of a
unit's portal page. Read models shared by the pages, the API, the report and the portal."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.core.permissions import policy

from .models import Finding, Inspection, Remedy, Timeliness


def remedy_counts(remedies, today: dt.date) -> dict[str, int]:
    """{timeliness code: count} for the remedies given (each counted once, as derived today)."""
    counts = Counter(r.timeliness(today) for r in remedies)
    return {code: counts.get(code, 0) for code in Timeliness.values}


def summary(unit, start: dt.date, end: dt.date, today: dt.date) -> dict:
    """What the inspections concerning ``unit`` (held by it or its lower levels, or of a unit below it) show for the
    period ``start``–``end``: planned vs held, findings by severity and theme, remedies by timeliness."""
    concerning = Inspection.objects.concerning(unit)
    planned = concerning.filter(year__gte=start.year, year__lte=end.year).filter(
        Q(planned_month__isnull=True) | Q(planned_month__gte=1)
    )
    planned_in_period = [
        i for i in planned.only("year", "planned_month", "kind") if _month_in(i.year, i.planned_month, start, end)
    ]
    held = list(
        concerning.within(start, end)
        .select_related("theme", "inspected_unit")
        .prefetch_related("findings__remedies")
        .order_by("start_on", "id")
    )
    findings = list(Finding.objects.filter(inspection__in=[i.pk for i in held]).select_related("inspection__theme"))
    remedies = list(Remedy.objects.filter(finding__in=[f.pk for f in findings]))
    severities = Counter(f.severity for f in findings)
    themes = Counter(f.inspection.theme.name for f in findings)
    return {
        "planned": sum(1 for i in planned_in_period if i.kind == Inspection.Kind.SCHEDULED),
        "held": len(held),
        "surprise": sum(1 for i in held if i.kind == Inspection.Kind.SURPRISE),
        "reinspections": sum(1 for i in held if i.kind == Inspection.Kind.REINSPECTION),
        "supervision": sum(1 for i in held if i.kind == Inspection.Kind.SUPERVISION),
        "inspections": held,
        "findings": len(findings),
        "recurring": sum(1 for f in findings if f.recurs_id),
        "by_severity": {code: severities.get(code, 0) for code in Finding.Severity.values},
        "by_theme": sorted(themes.items()),
        "remedies": len(remedies),
        "remedy_counts": remedy_counts(remedies, today),
        "reopened": sum(1 for r in remedies if r.reopen_count),
    }


def _month_in(year, month, start, end) -> bool:
    if month is None:
        return start <= dt.date(year, 12, 31) and dt.date(year, 1, 1) <= end
    first = dt.date(year, month, 1)
    return dt.date(start.year, start.month, 1) <= first <= end


def report_section(unit, period) -> dict | None:
    """The "Kết quả kiểm tra" section of the consolidated report (``chiso.reporting.extensions``)."""
    today = period.cutoff_end
    data = summary(unit, period.cutoff_start, period.cutoff_end, today)
    if not data["held"] and not data["planned"]:
        return None
    sev = data["by_severity"]
    counts = data["remedy_counts"]
    resolved = counts[Timeliness.ON_TIME] + counts[Timeliness.LATE]
    text = _(
        "In the period %(planned)s inspections were planned and %(held)s held (%(surprise)s surprise, "
        "%(reinspections)s re-inspections, %(supervision)s supervision visits). They found %(findings)s shortcomings "
        "(%(serious)s serious, %(moderate)s moderate, %(minor)s minor; %(recurring)s found again at a "
        "re-inspection). Of %(remedies)s remedies, %(resolved)s were carried out and verified (%(on_time)s on time, "
        "%(late)s late), %(awaiting)s await verification, %(open)s are open within their term and %(overdue)s are "
        "overdue; %(reopened)s were reopened after a report was not accepted."
    ) % {
        "planned": data["planned"],
        "held": data["held"],
        "surprise": data["surprise"],
        "reinspections": data["reinspections"],
        "supervision": data["supervision"],
        "findings": data["findings"],
        "serious": sev["serious"],
        "moderate": sev["moderate"],
        "minor": sev["minor"],
        "recurring": data["recurring"],
        "remedies": data["remedies"],
        "resolved": resolved,
        "on_time": counts[Timeliness.ON_TIME],
        "late": counts[Timeliness.LATE],
        "awaiting": counts[Timeliness.AWAITING],
        "open": counts[Timeliness.OPEN] + counts[Timeliness.REOPENED],
        "overdue": counts[Timeliness.OVERDUE],
        "reopened": data["reopened"],
    }
    rows = []
    for inspection in data["inspections"]:
        found = list(inspection.findings.all())
        rems = [r for f in found for r in f.remedies.all()]
        c = remedy_counts(rems, today)
        rows.append(
            [
                inspection.title,
                inspection.get_kind_display(),
                inspection.start_on.strftime("%d/%m/%Y") if inspection.start_on else "",
                str(len(found)),
                f"{c[Timeliness.ON_TIME] + c[Timeliness.LATE]}/{len(rems)}",
                str(c[Timeliness.OVERDUE]),
            ]
        )
    return {
        "title": _("Inspection results"),
        "text": text,
        "header": [_("Inspection"), _("Kind"), _("Held on"), _("Findings"), _("Remedies done"), _("Overdue")],
        "rows": rows,
    }


def portal_context(unit, today) -> dict | None:
    """Published conclusions of inspections of ``unit``: the findings summary and the remedies' status; no names."""
    published = list(
        Inspection.objects.published()
        .filter(inspected_unit=unit)
        .select_related("theme")
        .prefetch_related(Prefetch("findings", queryset=Finding.objects.prefetch_related("remedies")))
        .order_by("-conclusion_date", "-id")[:20]
    )
    if not published:
        return None
    items = []
    for inspection in published:
        findings = list(inspection.findings.all())
        remedies = [r for f in findings for r in f.remedies.all()]
        counts = remedy_counts(remedies, today)
        items.append(
            {
                "inspection": inspection,
                "findings": findings,
                "severity": Counter(f.get_severity_display() for f in findings).most_common(),
                "remedies": len(remedies),
                "done": counts[Timeliness.ON_TIME] + counts[Timeliness.LATE],
                "overdue": counts[Timeliness.OVERDUE],
                "open": len(remedies) - counts[Timeliness.ON_TIME] - counts[Timeliness.LATE],
            }
        )
    return {"items": items}


def plan_rows(plan_queryset):
    """Inspections of the given plans with their counts of findings and unresolved remedies, for tables."""
    return plan_queryset.annotate(
        n_findings=Count("findings", distinct=True),
        n_unresolved=Count(
            "findings__remedies",
            filter=Q(findings__remedies__status__in=["open", "reopened", "reported"]),
            distinct=True,
        ),
    )


def home_panel_context(request) -> dict:
    """The home page panel: the remedies the user's agencies owe and those awaiting the user's verification."""
    user = request.user
    if not (user and user.is_authenticated):
        return {"show": False}
    today = timezone.localdate()
    visible = Remedy.objects.visible_to(user)
    counts = visible.aggregate(
        overdue=Count("id", filter=Q(status__in=Remedy.OPEN_STATES, due_on__lt=today)),
        open=Count("id", filter=Q(status__in=Remedy.OPEN_STATES)),
        awaiting=Count("id", filter=Q(status=Remedy.Status.REPORTED)),
    )
    return {"show": any(counts.values()) or policy.can(user, "add", Inspection), "counts": counts}
