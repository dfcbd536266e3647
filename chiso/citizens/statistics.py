"""Feedback statistics for coordinators: received, answered, on time, average days, resolved vs. closed.

One query reads the year's items (scoped by the caller) as plain tuples; the tallies are made in Python, so the
same code runs on SQLite and PostgreSQL and a date difference needs no database-specific SQL.
"""

from collections import OrderedDict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from chiso.lib import filetypes
from chiso.lib.xlsx import workbook_bytes

from .models import DIMENSION_CHOICES, Feedback

ANSWERED = {Feedback.Status.ANSWERED, Feedback.Status.RESOLVED, Feedback.Status.CLOSED}


@dataclass
class Tally:
    label: str
    received: int = 0
    answered: int = 0
    on_time: int = 0
    open: int = 0
    overdue: int = 0
    rejected: int = 0
    resolved: int = 0
    closed: int = 0
    reopened: int = 0
    ratings: list = field(default_factory=list)
    days: list = field(default_factory=list)

    def add(self, row, today):
        received_on, answered_on, due, status, reopens, rating = row
        self.received += 1
        if answered_on is not None and status in ANSWERED:
            self.answered += 1
            self.on_time += answered_on <= due
            self.days.append((answered_on - received_on).days)
        if status in Feedback.OPEN_STATUSES:
            self.open += 1
            self.overdue += today > due
        self.rejected += status in (Feedback.Status.REJECTED, Feedback.Status.MERGED)
        self.resolved += status == Feedback.Status.RESOLVED
        self.closed += status == Feedback.Status.CLOSED
        self.reopened += reopens > 0
        if rating:
            self.ratings.append(rating)

    @property
    def on_time_percent(self):
        return round(100 * self.on_time / self.answered) if self.answered else None

    @property
    def average_days(self):
        return round(sum(self.days) / len(self.days), 1) if self.days else None

    @property
    def average_rating(self):
        return round(sum(self.ratings) / len(self.ratings), 1) if self.ratings else None


COLUMNS = [
    ("received", gettext_lazy("Received")),
    ("answered", gettext_lazy("Answered")),
    ("on_time", gettext_lazy("Answered on time")),
    ("on_time_percent", gettext_lazy("On time (%)")),
    ("average_days", gettext_lazy("Average days to answer")),
    ("open", pgettext_lazy("feedback", "Open")),
    ("overdue", gettext_lazy("Overdue")),
    ("rejected", gettext_lazy("Not accepted or merged")),
    ("resolved", gettext_lazy("Resolved (confirmed)")),
    ("closed", gettext_lazy("Closed without confirmation")),
    ("reopened", gettext_lazy("Reopened")),
    ("average_rating", gettext_lazy("Average rating")),
]


def compute(items, *, year, today=None, scope=""):
    """Tallies over ``items`` (a Feedback queryset already scoped) received in ``year``; ``scope`` names the units
    they cover (the title of the export)."""
    today = today or timezone.localdate()
    dimension_names = dict(DIMENSION_CHOICES)
    rows = items.filter(received_on__year=year).values_list(
        "received_on",
        "answered_on",
        "answer_due_on",
        "status",
        "reopen_count",
        "rating",
        "category__dimension_code",
        "category__name",
        "agency__name",
        "unit__name",
    )
    total = Tally(label=_("Total"))
    groups = {key: OrderedDict() for key in ("dimension", "category", "agency", "unit", "month")}
    for row in rows:
        core, (dimension, category, agency, unit) = row[:6], row[6:]
        total.add(core, today)
        keys = {
            "dimension": str(dimension_names.get(dimension, _("No PAPI dimension"))),
            "category": category,
            "agency": agency or _("Not routed"),
            "unit": unit,
            "month": f"{row[0]:%m/%Y}",
        }
        for group, key in keys.items():
            groups[group].setdefault(key, Tally(label=key)).add(core, today)
    for group in ("dimension", "category", "agency", "unit"):
        groups[group] = OrderedDict(sorted(groups[group].items()))
    groups["month"] = OrderedDict(sorted(groups["month"].items(), key=lambda kv: kv[0][3:] + kv[0][:2]))
    return {
        "year": year,
        "scope": scope,
        "total": total,
        "columns": [(key, str(label)) for key, label in COLUMNS],
        "groups": [
            ("dimension", _("By PAPI dimension"), list(groups["dimension"].values())),
            ("category", _("By category"), list(groups["category"].values())),
            ("agency", _("By handling agency"), list(groups["agency"].values())),
            ("unit", _("By unit"), list(groups["unit"].values())),
            ("month", _("By month received"), list(groups["month"].values())),
        ],
    }


HEADER_ROW = 4  # after the title, the units and a blank line


def xlsx_bytes(report) -> bytes:
    book = Workbook()
    book.remove(book.active)
    headers = [label for _key, label in report["columns"]]
    heading = _("Citizens' feedback and petitions, %(year)s") % {"year": report["year"]}
    for _group, title, tallies in report["groups"]:
        sheet = book.create_sheet(title=title[:31])
        # A sheet printed or forwarded alone still says what it is: the title, the units, the year.
        sheet.append([f"{heading} — {title}"])
        sheet.append([_("Units: %(scope)s") % {"scope": report.get("scope") or "—"}])
        sheet.append([])
        sheet.append([title, *headers])
        for tally in [*tallies, report["total"]]:
            sheet.append([tally.label, *[getattr(tally, k) for k, _label in report["columns"]]])
        sheet["A1"].font = Font(bold=True, size=13)
        for cell in sheet[HEADER_ROW]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 48
        for index in range(2, len(headers) + 2):
            sheet.column_dimensions[sheet.cell(row=HEADER_ROW, column=index).column_letter].width = 14
        sheet.freeze_panes = f"B{HEADER_ROW + 1}"
    return workbook_bytes(book)


def xlsx_response(report):
    return filetypes.attachment(xlsx_bytes(report), f"phan-anh-kien-nghi-{report['year']}.xlsx")
