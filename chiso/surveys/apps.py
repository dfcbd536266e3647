from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chiso.citizens.extensions import add_portal_section
from chiso.core import navigation, reference


class SurveysConfig(AppConfig):
    name = "chiso.surveys"
    label = "surveys"
    verbose_name = _("Satisfaction surveys")

    def ready(self):
        # Modules that import models: only once the app registry is ready.
        from . import portal
        from .reference import load_templates

        navigation.register(_("Surveys"), "surveys:survey_list", group=navigation.PAPI, order=40)
        reference.register("survey templates", load_templates, order=60)
        add_portal_section("surveys", "surveys/portal_section.html", portal.section_context, order=30)
