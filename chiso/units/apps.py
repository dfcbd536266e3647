from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chiso.core import home, navigation, reference


def _home_panel(request):
    """The staff directory's search, for staff: a citizen on the home page has one box, the portal's."""
    if not request.user.is_authenticated:
        return None
    from .models import AdministrativeUnit  # apps.py is imported before the models: read at call time

    return {
        "legacy_provinces": AdministrativeUnit.objects.legacy().provinces().count(),
        "current_provinces": AdministrativeUnit.objects.current().provinces().count(),
    }


class UnitsConfig(AppConfig):
    name = "chiso.units"
    label = "units"
    verbose_name = _("Administrative units")

    def ready(self):
        navigation.register(
            _("Administrative units"),
            "units:administrativeunit_list",
            group=navigation.DIRECTORY,
            order=10,
            public_order=40,
        )
        navigation.register(_("Agencies"), "units:agency_list", group=navigation.DIRECTORY, order=20)
        from .loaders import load_units  # it imports models: only once the registry is ready

        reference.register("Đơn vị hành chính / administrative units", load_units, order=10)
        home.register("units/home_panel.html", _home_panel, order=20)
