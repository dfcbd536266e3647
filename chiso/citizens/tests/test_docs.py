"""The portal addresses that docs/citizens.md gives as examples name the units they really open."""

import re
from pathlib import Path

from chiso.units.loaders import _read, _rows, data_dir

DOC = Path(__file__).resolve().parents[3] / "docs" / "citizens.md"


def test_portal_examples_name_the_unit_the_address_opens():
    # given: the units as the reference package has them (no database: read from the package's own files)
    rows, *_rest = _rows(*_read(data_dir())[:2])
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    examples = re.findall(r"`/p/(\d+)/` (?:là|is) ([^,;)]+)", text)
    assert len(examples) >= 4  # two addresses, in Vietnamese and in English
    for code, said in examples:
        # then: /p/<code>/ opens the current unit of that code, else the legacy one (querysets.unit_by_code)
        unit = rows.get(("current", code)) or rows.get(("legacy", code))
        assert unit is not None, code
        assert said.startswith(unit.name), (code, said, unit.name)
