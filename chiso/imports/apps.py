from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _may_import(user):
    from chiso.core.permissions import policy

    from .models import PlanImport

    return policy.can(user, "add", PlanImport)


class ImportsConfig(AppConfig):
    name = "chiso.imports"
    verbose_name = _("Plan import")

    def ready(self):
        from chiso.plans import extensions

        extensions.add_plan_list_link(_("Import a plan document"), "imports:import_upload", _may_import)
        extensions.add_plan_tab("text", _("The plan's text"), "imports:plan_text", order=5)
