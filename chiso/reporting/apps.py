from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chiso.core import home, navigation


class ReportingConfig(AppConfig):
    name = "chiso.reporting"
    label = "reporting"
    verbose_name = _("Periodic reporting")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        navigation.register(_("Reports"), "reporting:home", order=30)

        # Modules that import models: only once the app registry is ready.
        from chiso.plans import services as plan_services

        from . import pageversions, services, todo

        pageversions.connect()  # the versions of the cached period and consolidated report pages

        # Who leads a task reports on it: the plan's schedules follow its tasks.
        plan_services.on_task_agencies_changed(services.follow_plan_tasks)

        home.register_todo("reporting", todo.lines, order=20)
