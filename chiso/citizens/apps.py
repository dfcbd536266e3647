from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chiso.core import home, navigation


def _home_panel(request):
    return {}


class CitizensConfig(AppConfig):
    name = "chiso.citizens"
    label = "citizens"
    verbose_name = _("Citizens: feedback, reception, dialogues")

    def ready(self):
        navigation.register(_("Citizens' feedback"), "citizens:feedback_list", order=40)
        navigation.register(_("Citizens' portal"), "citizens:portal", group=navigation.PAPI, order=30, public_order=10)

        from . import pageversions, todo  # they import models: only once the app registry is ready

        pageversions.connect()  # the versions of the cached feedback inbox

        # First on the home page: a citizen finds their commune's portal in one box (name without accents, or code).
        home.register("citizens/home_panel.html", _home_panel, order=5)
        home.register_todo("citizens", todo.lines, order=30)
