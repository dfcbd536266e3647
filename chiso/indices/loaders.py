"""Load the PAPI framework and the published provincial results 2011–2024 from the project's own copies.

The framework (``data/papi_framework.json``) gives dimensions, sub-dimensions with the years each was scored
(the structure changed in 2016, 2018, 2019 and 2021), the indicators known so far, scales and groups. The
results (``data/papi_scores_2011-2024.csv``) are attached to the 63 legacy provinces. Empty cells stay empty:
they are gaps in PAPI's own data, never zeros. Both loaders are idempotent and run inside the caller's
transaction, so a bad file leaves the database as it was.
"""

from __future__ import annotations

import csv
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from chiso.core.reference import ReferenceLoadError
from chiso.units.models import AdministrativeUnit

from .models import Dimension, Index, Indicator, Score, SubDimension

DATA = Path(__file__).resolve().parent / "data"
FRAMEWORK_JSON = DATA / "papi_framework.json"
SCORES_CSV = DATA / "papi_scores_2011-2024.csv"
SCORE_CODE = re.compile(r"^D[1-8](\.(\d|L\d))?$")


class LoadError(ReferenceLoadError):
    """A missing or corrupt data file, or a row that does not fit; nothing is kept (the caller rolls back)."""


def _years(text: str | None) -> tuple[int | None, int | None]:
    """ "2011-" → (2011, None); "2011-2017" → (2011, 2017); "2018" → (2018, 2018)."""
    if not text:
        return None, None
    match = re.match(r"^\s*(\d{4})\s*(-)?\s*(\d{4})?\s*$", str(text))
    if not match:
        raise LoadError(f"Khoảng năm không hợp lệ / invalid year range: {text!r}")
    start = int(match.group(1))
    end = int(match.group(3)) if match.group(3) else (None if match.group(2) else start)
    return start, end


def _read_json(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        data["index"]["code"], data["dimensions"][0]["code"]  # noqa: B018 - shape check
        return data
    except FileNotFoundError as exc:
        raise LoadError(f"Không tìm thấy tệp {path} / file not found: {path}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, IndexError, TypeError) as exc:
        raise LoadError(f"Tệp khung chỉ số bị hỏng / corrupt framework file {path.name}: {exc}") from exc


def _upsert(model, lookup: dict, values: dict, counts: dict):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        counts["created"] += 1
    elif any(getattr(obj, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(obj, k, v)
        obj.version += 1
        obj.save()
        counts["updated"] += 1
    return obj


def _names(entry) -> dict:
    """The Vietnamese and English names and the sources of a node of the framework file (missing: empty)."""
    return {
        "name_vi": entry.get("name_vi") or "",
        "name_en": entry.get("name_en") or "",
        "sources": entry.get("sources") or [],
    }


def load_framework(stdout=None, path: Path | None = None) -> dict:
    """The PAPI index, its 8 dimensions, sub-dimensions (current and retired) and known indicators."""
    data = _read_json(path or FRAMEWORK_JSON)
    counts = {"created": 0, "updated": 0}
    meta = data["index"]
    index = _upsert(
        Index,
        {"code": meta["code"]},
        {**_names(meta), "website": meta.get("website") or ""},
        counts,
    )
    for order, dim in enumerate(data["dimensions"], 1):
        dimension = _upsert(
            Dimension,
            {"index": index, "code": dim["code"]},
            {"order": order, **_names(dim), "since": dim.get("since"), "until": dim.get("until")},
            counts,
        )
        # Retired sub-dimensions (D3.L1, D3.L2, D5.2) stay, with their years, so old scores keep their place.
        subs = [*dim.get("subdimensions", []), *dim.get("legacy_subdimensions", [])]
        for sub_order, sub in enumerate(subs, 1):
            since, until = _years(sub.get("years"))
            subdimension = _upsert(
                SubDimension,
                {"dimension": dimension, "code": sub["code"]},
                {
                    "order": sub_order,
                    **_names(sub),
                    "since": since,
                    "until": until,
                    "note": sub.get("note") or sub.get("name_note") or "",
                },
                counts,
            )
            for ind in sub.get("indicators", []):
                _load_indicator(ind, dimension, subdimension, counts)
        for ind in dim.get("indicators_unplaced", []):
            _load_indicator(ind, dimension, None, counts)
    if Dimension.objects.filter(index=index).count() != 8:
        raise LoadError("Khung chỉ số PAPI phải có 8 chỉ số nội dung / the PAPI framework must have 8 dimensions")
    return {"index": index.code, **counts}


def _load_indicator(ind, dimension, subdimension, counts):
    _upsert(
        Indicator,
        {"dimension": dimension, "code": ind["code"]},
        {
            "subdimension": subdimension,
            **_names(ind),
            "official_wording": bool(ind.get("official_wording")),
            "note": ind.get("note") or "",
        },
        counts,
    )


def _decimal(text: str, where: str) -> Decimal | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return Decimal(text).quantize(Decimal("0.000001"))
    except InvalidOperation as exc:
        raise LoadError(f"Giá trị không phải số ở {where}: {text!r} / not a number at {where}") from exc


def load_scores(stdout=None, path: Path | None = None) -> dict:
    """Every published score: TOTAL, D1–D8 and sub-dimensions, per legacy province and year."""
    path = path or SCORES_CSV
    index = Index.objects.filter(code="PAPI").first()
    if index is None:
        raise LoadError("Chưa nạp khung chỉ số PAPI / load the PAPI framework first")
    dimensions = {d.code: d for d in Dimension.objects.filter(index=index)}
    subdimensions = {s.code: s for s in SubDimension.objects.filter(dimension__index=index)}
    provinces = {u.code: u for u in AdministrativeUnit.objects.legacy().provinces()}
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError as exc:
        raise LoadError(f"Không tìm thấy tệp {path} / file not found: {path}") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise LoadError(f"Tệp điểm PAPI bị hỏng / corrupt scores file: {exc}") from exc
    if not rows or "year" not in rows[0] or "province_code_legacy" not in rows[0] or "papi_total" not in rows[0]:
        raise LoadError(
            "Tệp điểm PAPI thiếu cột year, province_code_legacy hoặc papi_total / "
            "the scores file lacks the year, province_code_legacy or papi_total column"
        )
    columns = [c for c in rows[0] if SCORE_CODE.match(c or "")]
    wanted: dict[tuple, tuple] = {}
    for line, row in enumerate(rows, start=2):
        where = f"{path.name}:{line}"
        try:
            year = int(row["year"])
        except (TypeError, ValueError) as exc:
            raise LoadError(f"Năm không hợp lệ ở {where} / invalid year at {where}: {row.get('year')!r}") from exc
        code = (row.get("province_code_legacy") or "").strip().zfill(2)
        unit = provinces.get(code)
        if unit is None:
            raise LoadError(
                f"Không có tỉnh mã {code!r} ({row.get('province_vi')}) ở {where}; chạy nạp đơn vị hành "
                f"chính trước / no legacy province {code!r} at {where}: load the units first"
            )
        n_dims = int(row.get("n_dimensions_expected") or (8 if year >= 2018 else 6))
        wanted[(unit.pk, year, Score.TOTAL)] = (_decimal(row["papi_total"], where), None, None, n_dims)
        for column in columns:
            value = _decimal(row[column], f"{where} [{column}]")
            if "." in column:
                sub = subdimensions.get(column)
                if sub is None:
                    raise LoadError(
                        f"Nội dung thành phần {column} không có trong khung chỉ số / unknown sub-dimension {column}"
                    )
                if value is None and not sub.is_scored_in(year):
                    continue  # not part of that year's structure: no row at all, rather than an empty one
                wanted[(unit.pk, year, column)] = (value, sub.dimension_id, sub.pk, None)
            else:
                dim = dimensions[column]
                if value is None and not dim.is_scored_in(year):
                    continue
                wanted[(unit.pk, year, column)] = (value, dim.pk, None, None)
    existing = {(s.unit_id, s.year, s.code): s for s in Score.objects.filter(index=index)}
    to_create, to_update = [], []
    for key, (value, dim_id, sub_id, n_dims) in wanted.items():
        current = existing.get(key)
        if current is None:
            to_create.append(
                Score(
                    index=index,
                    unit_id=key[0],
                    year=key[1],
                    code=key[2],
                    value=value,
                    dimension_id=dim_id,
                    subdimension_id=sub_id,
                    n_dimensions=n_dims,
                )
            )
        elif (current.value, current.dimension_id, current.subdimension_id, current.n_dimensions) != (
            value,
            dim_id,
            sub_id,
            n_dims,
        ):
            current.value, current.dimension_id, current.subdimension_id, current.n_dimensions = (
                value,
                dim_id,
                sub_id,
                n_dims,
            )
            to_update.append(current)
    Score.objects.bulk_create(to_create, batch_size=5000)
    Score.objects.bulk_update(to_update, ["value", "dimension", "subdimension", "n_dimensions"], batch_size=5000)
    stale = set(existing) - set(wanted)
    if stale:
        Score.objects.filter(pk__in=[existing[k].pk for k in stale]).delete()
    return {
        "rows": len(rows),
        "created": len(to_create),
        "updated": len(to_update),
        "deleted": len(stale),
        "empty": sum(1 for v in wanted.values() if v[0] is None),
    }
