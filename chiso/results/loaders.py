"""Reference data of the results: the performance groups PAPI published (``data/performance_groups.json``) and
the other indices a province carries beside PAPI (``data/other_indices.json``). Sources are cited in the files and
in ``data/SOURCES.md``."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from chiso.core.reference import ReferenceLoadError
from chiso.indices.models import Index

from .models import PublishedGroups

DATA = Path(__file__).resolve().parent / "data"
GROUPS_JSON = DATA / "performance_groups.json"
OTHER_INDICES_JSON = DATA / "other_indices.json"


def _read(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError as exc:
        raise ReferenceLoadError(f"Không tìm thấy tệp {path} / file not found: {path}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReferenceLoadError(f"Tệp {path.name} bị hỏng / corrupt file: {exc}") from exc


@cache
def other_indices() -> dict[str, dict]:
    """The other indices by code, with their scale and publisher."""
    return {entry["code"]: entry for entry in _read(OTHER_INDICES_JSON)["indices"]}


def load_other_indices(stdout=None) -> dict:
    """An ``Index`` row for each other index (PCI, PAR INDEX, SIPAS), so a year of its results can be loaded."""
    count = 0
    for code, entry in other_indices().items():
        Index.objects.update_or_create(
            code=code,
            defaults={
                "name_vi": entry["name_vi"],
                "name_en": entry["name_en"],
                "website": entry["website"],
                "sources": entry["sources"],
            },
        )
        count += 1
    return {"indices": count}


def load_groups(stdout=None, path: Path | None = None) -> dict:
    """The published groups, replacing what the file names (an administrator's edit of another year stays)."""
    path = path or GROUPS_JSON
    indices = {i.code: i for i in Index.objects.all()}
    count = 0
    for n, entry in enumerate(_read(path).get("groups", []), 1):
        where = f"{path.name} #{n}"
        index = indices.get(entry.get("index", "PAPI"))
        if index is None:
            raise ReferenceLoadError(f"Chưa nạp chỉ số {entry.get('index')} ở {where} / index not loaded at {where}")
        try:
            bounds = [str(Decimal(str(b))) for b in entry.get("lower_bounds", [])]
            sizes = [int(s) for s in entry.get("sizes", [])]
            year = int(entry["year"])
        except (InvalidOperation, ValueError, TypeError, KeyError) as exc:
            raise ReferenceLoadError(f"Dữ liệu nhóm không hợp lệ ở {where} / invalid groups at {where}") from exc
        if bounds != sorted(bounds, key=Decimal, reverse=True) or len(bounds) > 3 or len(sizes) > 4:
            raise ReferenceLoadError(f"Ngưỡng nhóm không hợp lệ ở {where} / invalid cut points at {where}")
        PublishedGroups.objects.update_or_create(
            index=index,
            year=year,
            code=entry.get("code", "TOTAL"),
            defaults={"lower_bounds": bounds, "sizes": sizes, "source": entry.get("source", "")},
        )
        count += 1
    return {"published groups": count}
