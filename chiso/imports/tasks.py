"""Reading an uploaded plan under a time budget (issue 11): no upload may hold a worker.

With a broker (production) the reading runs in a Celery worker with a soft and a hard time limit; the web
process waits for its answer no longer than the budget. Without one (the embedded default) Celery runs the
task in-process, where its limits do not apply: the parsers' own deadline (:mod:`chiso.lib.budget`) stops it.
Either way the answer is the reader's JSON or a refusal message, and nothing is stored on a refusal.
"""

from __future__ import annotations

import base64

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import translation

from chiso.lib.budget import OverBudget, budget

from . import recognition
from .reader import read_document
from .sources import ImportRefused, NeedsOcr

SECONDS = settings.CHISO_IMPORT_SECONDS


@shared_task(name="chiso.imports.read", soft_time_limit=SECONDS, time_limit=SECONDS + 15)
def read_upload(data: str, name: str, language: str | None = None) -> dict:
    """``{"result": …}`` (the reader's JSON), ``{"scan": pages}`` (its text must be recognised first) or
    ``{"refused": message}``; ``data`` is the file in base64."""
    with translation.override(language):
        try:
            with budget(settings.CHISO_IMPORT_SECONDS):
                return {"result": read_document(base64.b64decode(data), name)}
        except NeedsOcr as exc:
            return {"scan": exc.pages, "refused": str(exc)}
        except (ImportRefused, OverBudget) as exc:
            return {"refused": str(exc)}
        except SoftTimeLimitExceeded:
            return {"refused": str(OverBudget(settings.CHISO_IMPORT_SECONDS))}


# A scan of the largest plan accepted (CHISO_OCR_MAX_PAGES pages), each page within its own limit, and a margin.
OCR_SECONDS = settings.CHISO_OCR_MAX_PAGES * settings.CHISO_OCR_PAGE_SECONDS + 60


@shared_task(name="chiso.imports.recognise", soft_time_limit=OCR_SECONDS, time_limit=OCR_SECONDS + 30)
def recognise_upload(pk: int, language: str | None = None) -> None:
    """The text recognition (OCR) of a scanned upload, then its reading (:func:`recognition.run`)."""
    recognition.run(pk, language)
