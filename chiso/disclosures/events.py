"""What the audit trail says happened in disclosures (see ``chiso.core.events``)."""

from django.utils.translation import gettext_lazy as _

from chiso.core.events import register

register("duty.recorded", _("Event recorded"), _("Event recorded: %(event)s"))
register("posting.recorded", _("Posting recorded"))
register("posting.confirmed", _("Posting confirmed"))
register("posting.withdrawn", _("Posting withdrawn"), _("Posting withdrawn: %(reason)s"))
register("posting.document_added", _("Document added"), _("Document added: %(name)s"))
register("postingplace.added", _("Place added"), _("Place added: %(place)s"))
register("postingplace.photo_added", _("Photo added"), _("Photo added, taken on %(taken_on)s"))
register("postingplace.taken_down", _("Taken down"), _("Taken down on %(posted_to)s"))
register("postingplace.taken_down_early", _("Taken down early"), _("Taken down early on %(posted_to)s: %(reason)s"))
