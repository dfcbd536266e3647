"""Notices of a plan's life (issue 14), sent through ``notify`` (in the app and by e-mail) after the change commits:
sent for approval (to the unit's leaders), returned (to its standing body), issued (to its standing body, the upper
level's, and the units below with their duty and its date), and issued late against the upper-level plan's deadline
(to the upper level, with the days late)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from chiso.accounts.models import Membership
from chiso.core import workdays
from chiso.notifications.services import notify


def unit_people(unit_ids, roles):
    """The active officials holding one of ``roles`` in an active agency of these units."""
    memberships = Membership.objects.filter(
        agency__unit_id__in=unit_ids, role__in=roles, is_active=True, agency__is_active=True, user__is_active=True
    ).select_related("user")
    return list({m.user_id: m.user for m in memberships}.values())


def issue_deadline(plan):
    """The day ``plan`` had to be issued by: its upper-level plan's issue date plus that plan's working days."""
    parent = plan.parent
    if parent is None or parent.issued_on is None:
        return None
    return workdays.add_working_days(parent.issued_on, parent.child_deadline_days)


def plan_issued(plan):
    """Tell the unit's standing body and the upper level's that the plan is issued; the upper level also hears
    when it came later than the deadline its plan set (working days late)."""
    upper_unit = plan.parent.unit_id if plan.parent_id else plan.unit.parent_id
    words = {
        "unit": plan.unit.name,
        "code": plan.code,
        "date": plan.issued_on.strftime("%d/%m/%Y"),
        "title": plan.title,
    }
    notify(
        unit_people([plan.unit_id], (Membership.Role.COORDINATOR,)),
        key=f"plans:issued:{plan.pk}:{plan.version}",
        subject=_("Plan %(code)s of %(unit)s issued on %(date)s") % words,
        body=plan.title,
        url=plan.get_absolute_url(),
    )
    notify_units_below(plan, words)
    if upper_unit is None:
        return
    upper = unit_people([upper_unit], (Membership.Role.COORDINATOR,))
    notify(
        upper,
        key=f"plans:issued-below:{plan.pk}:{plan.version}",
        subject=_("%(unit)s issued its plan %(code)s on %(date)s") % words,
        body=plan.title,
        url=plan.get_absolute_url(),
    )
    deadline = issue_deadline(plan)
    if deadline is not None and plan.issued_on > deadline:
        late = workdays.working_days_between(deadline, plan.issued_on)
        notify(
            upper,
            key=f"plans:issued-late:{plan.pk}",
            subject=_("%(unit)s issued its plan %(days)s working days late (deadline %(deadline)s)")
            % {**words, "days": late, "deadline": deadline.strftime("%d/%m/%Y")},
            body=plan.title,
            url=reverse("plans:plan_cascade", args=[plan.parent_id]),
        )


def notify_units_below(plan, words):
    """The standing bodies of the units just below hear of their duty: their own plan within the working days
    this plan sets (seed 001: "chậm nhất 15 ngày làm việc"), by the date it comes to."""
    below = plan.unit.children.exclude(level="village").values_list("pk", flat=True)
    deadline = workdays.add_working_days(plan.issued_on, plan.child_deadline_days)
    notify(
        unit_people(list(below), (Membership.Role.COORDINATOR,)),
        key=f"plans:duty:{plan.pk}:{plan.issued_on.isoformat()}",
        subject=_("%(unit)s issued plan %(code)s: issue your own plan by %(deadline)s (%(n)s working days)")
        % {**words, "deadline": deadline.strftime("%d/%m/%Y"), "n": plan.child_deadline_days},
        body=plan.title,
        url=reverse("plans:plan_cascade", args=[plan.pk]),
    )


def plan_submitted(plan):
    notify(
        unit_people([plan.unit_id], (Membership.Role.LEADER,)),
        key=f"plans:approve:{plan.pk}:{plan.version}",
        subject=_("A plan awaits your approval: %(title)s") % {"title": plan.title},
        url=plan.get_absolute_url(),
    )


def plan_returned(plan, *, reason):
    notify(
        unit_people([plan.unit_id], (Membership.Role.COORDINATOR,)),
        key=f"plans:returned:{plan.pk}:{plan.version}",
        subject=_("Plan returned for correction: %(title)s") % {"title": plan.title},
        body=reason[:500],
        url=plan.get_absolute_url(),
    )
