"""The background job of a scanned upload: recognise its text page by page (:mod:`.ocr`), keeping the import's
progress up to date, then read the text like any other document; the import then awaits confirmation like any
other. Where it fails, the import says why (``problem``) and nothing else is written.

Started by ``services.start_import`` after the upload commits: with a broker in a Celery worker
(``tasks.recognise_upload``); without one (the embedded default) in a thread of the web process, so the upload's
answer never waits for it; in tests, in the request (``settings_test``).
"""

from __future__ import annotations

import logging

import pytesseract
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chiso.lib.budget import OverBudget, budget

from . import ocr
from .models import PlanImport
from .reader import read_plan_lines
from .sources import ImportRefused

log = logging.getLogger(__name__)


def run(pk: int, language: str | None = None) -> None:
    """Recognise the file of import ``pk`` (waiting for it), then read it; idempotent (only a reading import)."""
    with translation.override(language):
        record = PlanImport.objects.filter(pk=pk, status=PlanImport.Status.READING).first()
        if record is None:
            return
        try:
            with record.file.open("rb") as handle:
                data = handle.read()
            lines = ocr_lines(data, on_page=lambda done, total: _progress(pk, done, total))
            with budget(settings.CHISO_IMPORT_SECONDS):
                result = read_plan_lines(lines, [recognised_warning()])
        except (ImportRefused, OverBudget) as exc:
            _stop(pk, str(exc))
        except Exception:  # noqa: BLE001 — a failing program or a damaged page: say so, keep the worker alive
            log.exception("text recognition of import %s failed", pk)
            _stop(pk, failed())
        else:
            PlanImport.objects.filter(pk=pk, status=PlanImport.Status.READING).update(
                result=result, status=PlanImport.Status.PREVIEW
            )


def ocr_lines(data: bytes, *, on_page=None) -> list[str]:
    """The recognised lines of a scan (refused when there is no text in it at all)."""
    try:
        lines = ocr.recognise(data, on_page=on_page)
    except pytesseract.TesseractError as exc:
        raise ImportRefused(failed()) from exc
    except RuntimeError as exc:  # pytesseract's timeout of one page (TesseractError is a RuntimeError too)
        raise ImportRefused(
            _("A page took longer than %(n)s seconds to recognise: upload a smaller or clearer scan.")
            % {"n": settings.CHISO_OCR_PAGE_SECONDS}
        ) from exc
    if not any(line.strip() for line in lines):
        raise ImportRefused(_("No text was recognised in this file: upload a clearer scan, or the plan as .docx."))
    return lines


def failed() -> str:
    return _("Text recognition (OCR) of this file failed. Upload a clearer scan, or the plan as .docx.")


def recognised_warning() -> str:
    return _("The text was recognised from a scan (OCR): check names, numbers and dates against the paper copy.")


def _progress(pk: int, done: int, total: int) -> None:
    PlanImport.objects.filter(pk=pk).update(pages_done=done, pages_total=total, updated_at=timezone.now())


def stalled(record: PlanImport) -> bool:
    """A recognition that has not moved for longer than a page may take: its job is gone (the web process that ran
    it in a thread restarted, a worker was killed). The page says so instead of waiting for ever."""
    quiet = timezone.now() - record.updated_at
    return record.status == PlanImport.Status.READING and quiet.total_seconds() > settings.CHISO_OCR_PAGE_SECONDS + 60


def _stop(pk: int, problem: str) -> None:
    PlanImport.objects.filter(pk=pk, status=PlanImport.Status.READING).update(
        status=PlanImport.Status.REFUSED, problem=problem
    )
