"""Chỉ Số: plans, tasks, reports and PAPI results for Vietnamese local governments."""

from .celery import app as celery_app

__all__ = ["celery_app"]
