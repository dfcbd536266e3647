"""Exported .docx files as LibreOffice lays them out: the text of each PDF page, and page images for the docs.

Shared by the layout tests of the plan and of the consolidated report. Several documents are converted in one
LibreOffice run (a few seconds, not a few per document)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.screenshots import SHOTS


def _convert(docx: dict[str, bytes], folder: Path) -> dict[str, Path]:
    binary = shutil.which("libreoffice") or shutil.which("soffice")
    if not binary or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice and poppler-utils are needed to lay the documents out")
    for name, content in docx.items():
        (folder / f"{name}.docx").write_bytes(content)
    subprocess.run(
        [
            binary,
            "--headless",
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *[str(folder / f"{name}.docx") for name in docx],
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "HOME": str(folder)},
    )
    return {name: folder / f"{name}.pdf" for name in docx}


def laid_out(docx: dict[str, bytes], *, images: dict[str, list[tuple[int, str]]] | None = None) -> dict[str, list]:
    """``{name: [text of page 1, text of page 2, …]}`` for each ``{name: docx bytes}``; ``images`` names the pages
    to save into docs/img as PNG at 60 dpi: ``{name: [(page number, file stem), …]}`` (page -1 is the last)."""
    with tempfile.TemporaryDirectory(prefix="chiso-layout-") as tmp:
        pdfs = _convert(docx, Path(tmp))
        pages = {}
        for name, pdf in pdfs.items():
            text = subprocess.run(
                ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=60
            ).stdout.decode()
            pages[name] = [page for page in text.split("\f") if page.strip()]
            for number, stem in (images or {}).get(name, []):
                number = len(pages[name]) if number == -1 else number
                if shutil.which("pdftoppm"):
                    SHOTS.mkdir(parents=True, exist_ok=True)
                    subprocess.run(
                        ["pdftoppm", "-png", "-r", "60", "-f", str(number), "-l", str(number), "-singlefile"]
                        + [str(pdf), str(SHOTS / stem)],
                        check=True,
                        timeout=60,
                    )
        return pages


def squeeze(text: str) -> str:
    """Page text with the layout's runs of spaces folded, to search for words split across columns."""
    return " ".join(text.split())


def page_of(pages: list[str], words: str) -> int | None:
    """The (1-based) page whose text holds ``words``."""
    return next((i for i, page in enumerate(pages, start=1) if words in squeeze(page)), None)
