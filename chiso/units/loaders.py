"""Load Vietnam's administrative units, both hierarchies and the 2025 succession, from `vietnamadminunits`.

The package ships the pre-July-2025 list (63 provinces, 696 districts, 10,035 communes) and the current one
(34 provinces, 3,321 communes) in ``data/dataset.db``, and the converter between them in
``data/converter_2025.json``; we read those files directly (not the package's Python API, which pulls in
geocoding libraries). Official GSO codes are kept. Idempotent: units are matched by (era, code), successions
by pair; nothing is written when nothing changed. Bulk operations keep a national load to a few seconds.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from chiso.core.reference import ReferenceLoadError
from chiso.lib.text import fold, nfc

from .models import LEGACY_LAST_DAY, REORGANISATION_DATE, AdministrativeUnit, UnitSuccession

PACKAGE = "vietnamadminunits"


class LoadError(ReferenceLoadError):
    """The data files are missing or not what we expect; the caller's transaction rolls everything back."""


def data_dir() -> Path:
    try:
        return Path(str(resources.files(PACKAGE))) / "data"
    except ModuleNotFoundError as exc:  # pragma: no cover - the package is a pinned dependency
        raise LoadError("Thiếu gói vietnamadminunits / the vietnamadminunits package is not installed") from exc


@dataclass(frozen=True)
class Row:
    era: str
    code: str
    name: str
    short_name: str
    kind: str
    level: str
    parent_code: str | None
    valid_from: object
    valid_to: object


def _kind(name: str) -> str:
    for kind in ("Thành phố", "Thị xã", "Thị trấn", "Đặc khu", "Tỉnh", "Quận", "Huyện", "Phường", "Xã"):
        if name.startswith(kind + " "):
            return kind
    return ""


def _read(directory: Path):
    db_path, converter_path = directory / "dataset.db", directory / "converter_2025.json"
    for path in (db_path, converter_path):
        if not path.is_file():
            raise LoadError(f"Không tìm thấy tệp dữ liệu {path} / data file not found: {path}")
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
            legacy = conn.execute(
                "SELECT province, provinceShort, provinceCode, provinceKey, district, districtShort, districtCode,"
                " districtKey, ward, wardShort, wardCode, wardKey FROM admin_units_legacy"
            ).fetchall()
            current = conn.execute(
                "SELECT province, provinceShort, provinceCode, provinceKey, ward, wardShort, wardCode, wardKey"
                " FROM admin_units"
            ).fetchall()
        with open(converter_path, encoding="utf-8") as fh:
            converter = json.load(fh)
        converter["DICT_PROVINCE"], converter["DICT_PROVINCE_WARD_NO_DIVIDED"]  # noqa: B018 - shape check
    except (sqlite3.DatabaseError, json.JSONDecodeError, KeyError, UnicodeDecodeError, OSError) as exc:
        raise LoadError(f"Tệp dữ liệu đơn vị hành chính bị hỏng / corrupt unit data: {exc}") from exc
    if len(legacy) < 10000 or len(current) < 3000:
        raise LoadError(
            f"Dữ liệu đơn vị hành chính không đầy đủ ({len(legacy)} + {len(current)} dòng) / "
            f"incomplete unit data ({len(legacy)} + {len(current)} rows)"
        )
    return legacy, current, converter


def _rows(legacy, current):
    rows: dict[tuple[str, str], Row] = {}
    legacy_keys: dict[str, tuple[str, str]] = {}  # "prov_dist_ward" → (era, code)
    province_keys: dict[tuple[str, str], str] = {}  # (era, key) → code
    current_ward_keys: dict[tuple[str, str], str] = {}  # (province key, ward key) → code
    L, C = AdministrativeUnit.Era.LEGACY, AdministrativeUnit.Era.CURRENT
    for (
        prov,
        prov_short,
        prov_code,
        prov_key,
        dist,
        dist_short,
        dist_code,
        dist_key,
        ward,
        ward_short,
        ward_code,
        ward_key,
    ) in legacy:
        prov, dist, ward = nfc(prov), nfc(dist), nfc(ward) if ward else None
        rows.setdefault(
            (L, prov_code),
            Row(L, prov_code, prov, nfc(prov_short), _kind(prov), "province", None, None, LEGACY_LAST_DAY),
        )
        rows.setdefault(
            (L, dist_code),
            Row(L, dist_code, dist, nfc(dist_short), _kind(dist), "district", prov_code, None, LEGACY_LAST_DAY),
        )
        province_keys[(L, prov_key)] = prov_code
        if ward_code:
            rows[(L, ward_code)] = Row(
                L, ward_code, ward, nfc(ward_short), _kind(ward), "commune", dist_code, None, LEGACY_LAST_DAY
            )
            legacy_keys[f"{prov_key}_{dist_key}_{ward_key}"] = (L, ward_code)
        else:  # island districts with no communes: the district itself has a successor (a special zone)
            legacy_keys[f"{prov_key}_{dist_key}_"] = (L, dist_code)
    for prov, prov_short, prov_code, prov_key, ward, ward_short, ward_code, ward_key in current:
        prov, ward = nfc(prov), nfc(ward)
        rows.setdefault(
            (C, prov_code),
            Row(C, prov_code, prov, nfc(prov_short), _kind(prov), "province", None, REORGANISATION_DATE, None),
        )
        rows[(C, ward_code)] = Row(
            C, ward_code, ward, nfc(ward_short), _kind(ward), "commune", prov_code, REORGANISATION_DATE, None
        )
        province_keys[(C, prov_key)] = prov_code
        current_ward_keys[(prov_key, ward_key)] = ward_code
    return rows, legacy_keys, province_keys, current_ward_keys


def _successions(converter, legacy_keys, province_keys, current_ward_keys):
    """(old (era, code), new (era, code), is_primary) for every legacy commune and province."""
    L, C = AdministrativeUnit.Era.LEGACY, AdministrativeUnit.Era.CURRENT
    pairs: dict[tuple, bool] = {}
    for new_prov_key, old_prov_keys in converter["DICT_PROVINCE"].items():
        new_code = province_keys.get((C, new_prov_key))
        for old_key in old_prov_keys:
            old_code = province_keys.get((L, old_key))
            if new_code and old_code:
                pairs[((L, old_code), (C, new_code))] = True
    for new_prov_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward_key, old_keys in wards.items():
            new_code = current_ward_keys.get((new_prov_key, new_ward_key))
            for old_key in old_keys:
                old = legacy_keys.get(old_key)
                if old and new_code:
                    pairs[(old, (C, new_code))] = True
    for new_prov_key, olds in converter.get("DICT_PROVINCE_WARD_DIVIDED", {}).items():
        for old_key, news in olds.items():
            old = legacy_keys.get(old_key)
            for new in news:
                new_code = current_ward_keys.get((new_prov_key, new["newWardKey"]))
                if old and new_code:
                    key = (old, (C, new_code))
                    pairs[key] = pairs.get(key, False) or bool(new.get("isDefaultNewWard"))
    return pairs


FIELDS = ("name", "short_name", "kind", "level", "valid_from", "valid_to")


def load_units(stdout=None, directory: Path | None = None) -> dict:
    """Create or update every unit and succession; returns counts. Call inside ``transaction.atomic``."""
    legacy, current, converter = _read(directory or data_dir())
    rows, legacy_keys, province_keys, current_ward_keys = _rows(legacy, current)
    existing = {(u.era, u.code): u for u in AdministrativeUnit.objects.all()}
    created = updated = 0
    order = ("province", "district", "commune")
    for level in order:
        to_create, to_update = [], []
        for key, row in rows.items():
            if row.level != level:
                continue
            parent = existing[(row.era, row.parent_code)] if row.parent_code else None
            prefix = parent.path if parent else ("L" if row.era == AdministrativeUnit.Era.LEGACY else "C")
            values = {
                "name": row.name,
                "short_name": row.short_name or "",
                "kind": row.kind,
                "level": row.level,
                "valid_from": row.valid_from,
                "valid_to": row.valid_to,
            }
            unit = existing.get(key)
            if unit is None:
                unit = AdministrativeUnit(
                    era=row.era,
                    code=row.code,
                    parent=parent,
                    path=f"{prefix}.{row.code}",
                    depth=AdministrativeUnit.LEVEL_DEPTH[level],
                    name_folded=fold(row.name),
                    **values,
                )
                to_create.append(unit)
                existing[key] = unit
            elif any(getattr(unit, f) != v for f, v in values.items()) or unit.parent_id != getattr(parent, "pk", None):
                for f, v in values.items():
                    setattr(unit, f, v)
                unit.parent = parent
                unit.path = f"{prefix}.{row.code}"
                unit.name_folded = fold(row.name)
                unit.version += 1
                to_update.append(unit)
        AdministrativeUnit.objects.bulk_create(to_create, batch_size=2000)
        if to_update:
            AdministrativeUnit.objects.bulk_update(
                to_update, [*FIELDS, "parent", "path", "name_folded", "version"], batch_size=2000
            )
        created += len(to_create)
        updated += len(to_update)
        if to_create and to_create[0].pk is None:  # backends that do not return ids from bulk_create
            fresh = {(u.era, u.code): u for u in AdministrativeUnit.objects.filter(level=level)}
            existing.update(fresh)

    pairs = _successions(converter, legacy_keys, province_keys, current_ward_keys)
    ids = {key: unit.pk for key, unit in existing.items()}
    links = UnitSuccession.objects.values_list("pk", "predecessor_id", "successor_id", "is_primary")
    current_pairs = {(p, s): (pk, primary) for pk, p, s, primary in links}
    new_links, changed_links = [], []
    for (old, new), primary in pairs.items():
        key = (ids[old], ids[new])
        if key not in current_pairs:
            new_links.append(UnitSuccession(predecessor_id=key[0], successor_id=key[1], is_primary=primary))
        elif current_pairs[key][1] != primary:
            changed_links.append(UnitSuccession(pk=current_pairs[key][0], is_primary=primary))
    UnitSuccession.objects.bulk_create(new_links, batch_size=5000)
    UnitSuccession.objects.bulk_update(changed_links, ["is_primary"], batch_size=5000)
    counts = {
        "created": created,
        "updated": updated,
        "legacy": sum(1 for k in rows if k[0] == "legacy"),
        "current": sum(1 for k in rows if k[0] == "current"),
        "successions_created": len(new_links),
        "successions_updated": len(changed_links),
    }
    if stdout is not None:
        stdout.write(str(counts))
    return counts
