"""The published PAPI results on the 63 legacy provinces (built here from the project's own score file, without
the national unit load), with each province's 2025 successor."""

import csv

import pytest

from chiso.indices.loaders import SCORES_CSV, load_framework, load_scores
from chiso.results.loaders import load_groups, load_other_indices
from chiso.units.models import AdministrativeUnit, UnitSuccession
from chiso.units.tests.factories import UnitFactory

CITIES = {"01", "31", "46", "48", "79", "92"}


def csv_rows():
    with open(SCORES_CSV, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def build_results():
    rows = csv_rows()
    successors = {}
    for row in rows:
        code = row["province_code_legacy"].zfill(2)
        if AdministrativeUnit.objects.filter(era="legacy", code=code).exists():
            unit = AdministrativeUnit.objects.get(era="legacy", code=code)
        else:
            kind = "Thành phố" if code in CITIES else "Tỉnh"
            unit = UnitFactory(code=code, name=f"{kind} {row['province_vi']}", kind=kind, level="province")
        name = row["province_2025_vi"]
        if name not in successors:
            successors[name] = UnitFactory(
                era="current", code=f"C{len(successors) + 1:02d}", name=name, level="province"
            )
        UnitSuccession.objects.get_or_create(predecessor=unit, successor=successors[name])
    load_framework()
    load_scores()
    load_other_indices()
    load_groups()


@pytest.fixture
def papi_results(db):
    build_results()
    return AdministrativeUnit.objects.legacy().provinces()
