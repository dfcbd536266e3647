"""What the audit trail says happened to feedback, reception sessions and dialogues (see ``chiso.core.events``)."""

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from chiso.core.events import register

from .models import Feedback


def _transferred(data):
    agency, note = data.get("agency_name"), (data.get("note") or "").strip()
    if agency and note:
        return gettext("Transferred to %(agency)s: %(note)s") % {"agency": agency, "note": note}
    if agency:
        return gettext("Transferred to %(agency)s") % {"agency": agency}
    return note or gettext("Transferred")


def _escalated(data):
    return gettext("Handed to %(agency)s: nobody was left to answer it at %(previous)s") % {
        "agency": data.get("agency_name", ""),
        "previous": data.get("previous") or gettext("no agency"),
    }


register("feedback.accepted", pgettext_lazy("feedback", "Accepted"))


def _rejected(data):
    reason = dict(Feedback.RejectReason.choices).get(data.get("reason"), "")
    note = (data.get("note") or "").strip()
    text = gettext("Not accepted: %(reason)s") % {"reason": reason} if reason else gettext("Not accepted")
    return f"{text} — {note}" if note else text


register("feedback.rejected", _("Not accepted"), _rejected)
register("feedback.merged", _("Merged into another item"), _("Merged into %(into)s"))
register("feedback.transferred", _("Transferred"), _transferred)
register("feedback.escalated", _("Escalated: nobody was left to answer it"), _escalated)
register("feedback.answer_drafted", _("Answer sent for approval"), _("The handler sent the answer to the leader"))
register("feedback.answer_returned", _("Answer returned to the handler"), _("Returned by the leader: %(reason)s"))
register("feedback.published", _("Published"), _("The leader approved and published the answer"))
register("feedback.answered_with", _("Answered with another item"), _("Answered with %(code)s"))
register("feedback.rated", _("Rated by the citizen"))
register("feedback.resolved", _("Confirmed resolved"))
register("feedback.reopened", _("Reopened"), _("Reopened: %(reason)s"))
register("feedback.closed", _("Closed without the citizen's confirmation"))
register("receptionsession.case_recorded", _("Case recorded"))
register("dialogue.results_recorded", _("Results recorded"))
register("task.committed", _("Commitment made at a dialogue"), _("Commitment made at %(dialogue)s"))
