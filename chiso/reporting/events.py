"""What the audit trail says happened in reporting (see ``chiso.core.events``)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from chiso.core.events import register


def _submitted(data):
    return gettext("Submitted (late)") if data.get("late") else gettext("Submitted")


register(
    "schedule.reporters_followed",
    _("Leads a task: asked to report"),
    _("Leads a task of the plan, so asked to report: %(agencies)s"),
)
register("period.opened", _("Opened"))
register("period.requested_ad_hoc", _("Ad-hoc request"))
register("period.closed", _("Period closed"))
register("period.reopened", _("Period reopened"))
register("submission.submitted", _("Submitted"), _submitted)
register("submission.returned", _("Returned"), _("Returned: %(comment)s"))
register("submission.accepted", _("Accepted"), _("Accepted: %(comment)s"))
register("submission.reopened", _("Reopened for a correction"), _("Reopened for a correction: %(reason)s"))
register(
    "submission.corrected",
    _("New version drafted for a correction"),
    _("Version %(number)s drafted for a correction: %(reason)s"),
)
register("consolidatedreport.rebuilt", _("Rebuilt"))
register("consolidatedreport.sent_for_approval", _("Sent for approval"))
register("consolidatedreport.returned", _("Returned to draft"), _("Returned to draft: %(reason)s"))
register("consolidatedreport.approved", _("Approved"), _("Approved as No. %(code)s"))
register("consolidatedreport.sent_up", _("Sent to the upper level"))
