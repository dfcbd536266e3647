"""The on-demand recount as a Celery task: queued with a broker, run in-process without one (eager)."""

from celery import shared_task

from chiso.units.models import AdministrativeUnit

from .recount import recount


@shared_task(name="chiso.dashboards.recount")
def recount_task(year: int, period: str, root_id: int | None = None) -> int:
    root = AdministrativeUnit.objects.get(pk=root_id) if root_id else None
    return recount(year, period, root=root).figures
