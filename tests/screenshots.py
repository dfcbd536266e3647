"""Where the tests' screenshots and page images go.

They are taken on every run (a page that cannot be photographed fails its test) but written into ``docs/img`` — the
user documentation's pictures — only when asked: ``CHISO_DOCS_IMAGES=1 make test`` (or ``make docs-images``).
An ordinary run writes them to a scratch folder, so it leaves the working tree as it found it.
"""

import os
import tempfile
from pathlib import Path

DOCS_IMG = Path(__file__).resolve().parents[1] / "docs" / "img"
SHOTS = DOCS_IMG if os.environ.get("CHISO_DOCS_IMAGES") else Path(tempfile.gettempdir()) / "chiso-screenshots"
SHOTS.mkdir(parents=True, exist_ok=True)
