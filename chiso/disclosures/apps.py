from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chiso.citizens.extensions import add_portal_section
from chiso.core import navigation, reference
from chiso.reporting.extensions import add_report_section


class DisclosuresConfig(AppConfig):
    name = "chiso.disclosures"
    label = "disclosures"
    verbose_name = _("Public disclosure")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The registries of the floor and the extension points of the apps below: the app edits none of them.
        # Modules that import models: only once the app registry is ready.
        from .reference import load_disclosure_types
        from .sections import portal_context, report_section

        navigation.register(_("Public disclosure"), "disclosures:home", order=45)
        navigation.register(
            _("Disclosure types"), "disclosures:disclosuretype_list", group=navigation.ADMINISTRATION, order=60
        )
        reference.register("Loại công khai, niêm yết / disclosure types", load_disclosure_types, order=60)
        add_portal_section("disclosures", "disclosures/portal_section.html", portal_context, order=20)
        add_report_section("disclosures", report_section, order=20)
