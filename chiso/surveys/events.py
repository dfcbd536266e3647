"""What the audit trail says about surveys (see ``chiso.core.events``)."""

from django.utils.translation import gettext_lazy as _

from chiso.core.events import register

register("survey.opened", _("Opened for answers"))
register("survey.closed", _("Closed"))
register(
    "survey.xlsform_imported", _("Questions imported from XLSForm"), _("%(count)s questions imported from XLSForm")
)
register("survey.responses_imported", _("Responses imported"), _("%(count)s responses imported from %(file)s"))
register("task.drafted_from_survey", _("Drafted from a survey"), _("Drafted from the survey factor %(factor)s"))
