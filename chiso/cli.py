"""The ``chiso`` console script: Django's management commands under one name.

``chiso migrate``, ``chiso serve``, ``chiso load-reference``… — hyphens in a command name are read as
underscores, so ``chiso load-reference`` runs the ``load_reference`` command.
"""

import os
import sys

from django.core.management import execute_from_command_line


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiso.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "chiso"

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
