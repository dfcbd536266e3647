from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo and benchmark data: the seeds' world for ``chiso load-demo`` and national-scale ``chiso bench-data``.

    Kept apart from the product apps (it reaches into all of them) and above them in the layers.
    """

    name = "chiso.demo"
    label = "demo"
    verbose_name = _("Demo data")
