"""What the audit trail says happened to inspection plans, inspections and remedies (see ``chiso.core.events``)."""

from django.utils.translation import gettext_lazy as _

from chiso.core.events import register

register("inspectionplan.submitted", _("Sent for approval"))
register("inspectionplan.issued", _("Issued"), _("Issued as No. %(code)s"))
register("inspection.decided", _("Inspection decided"), _("Decision No. %(number)s"))
register("inspection.checklist_answered", _("Checklist answered"))
register("inspection.evidence_added", _("Evidence added"), _("Evidence added: %(name)s"))
register("inspection.finding_recorded", _("Finding recorded"), _("Finding %(number)s recorded"))
register("inspection.conclusion_submitted", _("Conclusion sent for approval"))
register("inspection.conclusion_returned", _("Conclusion returned"), _("Conclusion returned: %(reason)s"))
register("inspection.concluded", _("Conclusion approved"), _("Conclusion No. %(number)s approved"))
register("inspection.published", _("Conclusion published on the portal"))
register("inspection.unpublished", _("Conclusion withdrawn from the portal"))
register("inspection.closed", _("Inspection closed"))
register("remedy.assigned", _("Remedy assigned"), _("Remedy assigned, due %(due_on)s"))
register("remedy.reported", _("Reported done"))
register("remedy.verified", _("Verified"))
register("remedy.rejected", _("Not accepted by the inspector"), _("Not accepted: %(reason)s — new due date %(due_on)s"))
register("remedy.reopened", _("Reopened"), _("Reopened: %(reason)s — new due date %(due_on)s"))
register("remedy.answered", _("Answered"), _("Answered: %(answer)s"))
register("remedy.escalated", _("Escalated to the level above"))
