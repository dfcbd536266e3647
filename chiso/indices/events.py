"""What the audit trail says the indicator import did (see ``chiso.core.events``)."""

from django.utils.translation import gettext_lazy as _

from chiso.core.events import register

register("indicator.imported", _("Imported from .xlsx"))
