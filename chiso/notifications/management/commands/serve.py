"""``chiso serve``: the development server on 127.0.0.1:8000 (production runs gunicorn chiso.wsgi).

With no Celery broker configured (the embedded default) it also runs the periodic jobs — reminders, overdue
notices, opening of reporting periods — in a background thread every ``CHISO_TICK_SECONDS``: the same code
Celery beat runs in production.
"""

import logging
import os
import threading
import time

from django.conf import settings
from django.contrib.staticfiles.management.commands.runserver import Command as RunserverCommand
from django.db import close_old_connections

from chiso.notifications.jobs import run_all

log = logging.getLogger(__name__)


def _tick_forever(every: int):

    while True:
        try:
            run_all()
        except Exception:  # noqa: BLE001 — keep the scheduler alive; the next tick tries again
            log.exception("periodic jobs failed")
        finally:
            close_old_connections()
        time.sleep(every)


class Command(RunserverCommand):
    help = "Serve Chỉ Số (default 127.0.0.1:8000), with the periodic jobs in-process when there is no broker."
    default_addr = "127.0.0.1"
    default_port = "8000"

    def inner_run(self, *args, **options):
        every = getattr(settings, "CHISO_TICK_SECONDS", 300)
        # Under the autoreloader only the child process (RUN_MAIN) serves; start the scheduler there once.
        serving = os.environ.get("RUN_MAIN") == "true" or not options.get("use_reloader")
        if serving and every > 0 and not settings.CELERY_BROKER_URL:
            threading.Thread(target=_tick_forever, args=(every,), name="chiso-tick", daemon=True).start()
            self.stdout.write(f"Periodic jobs run in-process every {every} s (no Celery broker configured).")
        super().inner_run(*args, **options)
