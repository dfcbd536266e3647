"""Celery tasks. With a broker (production) beat calls ``tick`` on its schedule; without one the tasks run
in-process (CELERY_TASK_ALWAYS_EAGER) and ``chiso tick`` / ``chiso serve`` call the same function."""

import datetime as dt

from celery import shared_task

from .jobs import run_all


@shared_task(name="chiso.tick")
def tick(today: str | None = None) -> dict:

    day = dt.date.fromisoformat(today) if today else None
    return {name: (repr(value) if isinstance(value, Exception) else value) for name, value in run_all(day).items()}
