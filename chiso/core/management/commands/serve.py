"""``chiso serve``: the development server on 127.0.0.1:8000 (production runs gunicorn chiso.wsgi)."""

from django.contrib.staticfiles.management.commands.runserver import Command as RunserverCommand


class Command(RunserverCommand):
    help = "Serve Chỉ Số (default 127.0.0.1:8000)."
    default_addr = "127.0.0.1"
    default_port = "8000"
