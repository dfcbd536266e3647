"""What the audit trail says the gap analysis did (see ``chiso.core.events``)."""

from django.utils.translation import gettext_lazy as _

from chiso.core.events import register

register("task.drafted_from_gap", _("Drafted from the gap analysis"), _("Drafted from the gap analysis of %(code)s"))
