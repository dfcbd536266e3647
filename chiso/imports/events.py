"""What the audit trail says the plan importer did (see ``chiso.core.events``)."""

from django.utils.translation import gettext_lazy as _

from chiso.core.events import register

register("plan.imported", _("Imported from a document"), _("Imported from %(file)s"))
register("plan.tasks_imported", _("Tasks imported"), _("Imported %(count)s tasks"))
register("agency.imported", _("Imported"))
register(
    "agency.alias_confirmed",
    _("Other name confirmed in a plan import"),
    _("Other name “%(alias)s” confirmed in a plan import"),
)
