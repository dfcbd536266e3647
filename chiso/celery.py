"""Celery app: Redis as broker in production; with no broker configured, tasks run in-process (eager)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiso.settings")

app = Celery("chiso")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
