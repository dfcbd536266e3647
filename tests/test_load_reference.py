"""``chiso load-reference`` on an empty database: the acceptance counts, idempotence, all-or-nothing.

One test loads the national data twice (about 10,000 legacy and 3,300 current units, 40,000 scores), so it is
the slowest test of the suite; everything is checked in it rather than reloading per assertion.
"""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from chiso.indices.models import Dimension, Score
from chiso.units.models import AdministrativeUnit, UnitSuccession


def snapshot_counts():
    units = AdministrativeUnit.objects
    return {
        "units": units.count(),
        "successions": UnitSuccession.objects.count(),
        "scores": Score.objects.count(),
        "dimensions": Dimension.objects.count(),
        "last_update": max(units.values_list("updated_at", flat=True), default=None),
    }


@pytest.mark.django_db(transaction=True)
def test_load_reference_twice_gives_the_same_database():
    # given: an empty database; when: the command runs
    call_command("load_reference", stdout=StringIO())
    first = snapshot_counts()
    # then: the counts the issue names
    assert Dimension.objects.filter(index__code="PAPI").count() == 8
    for year in range(2011, 2025):
        provinces = Score.objects.filter(year=year, code="TOTAL").values("unit").distinct().count()
        assert provinces == 63, year
    assert not Score.objects.filter(year__lt=2018, code="TOTAL").exclude(n_dimensions=6).exists()
    assert not Score.objects.filter(year__gte=2018, code="TOTAL").exclude(n_dimensions=8).exists()
    on_2024 = AdministrativeUnit.objects.valid_on(dt.date(2024, 1, 1))
    assert on_2024.filter(level="province").count() == 63
    assert 650 <= on_2024.filter(level="district").count() <= 720
    assert AdministrativeUnit.objects.valid_on(dt.date(2025, 12, 31)).filter(level="province").count() == 34
    assert AdministrativeUnit.objects.current().filter(level="commune").count() == 3321
    legacy_communes = AdministrativeUnit.objects.legacy().filter(level="commune")
    assert legacy_communes.count() > 10000 - 100
    assert not legacy_communes.filter(succession_to__isnull=True).exists()
    bach_sam = AdministrativeUnit.objects.legacy().get(name="Phường Bạch Sam", parent__name="Thị xã Mỹ Hào")
    assert bach_sam.successors.exists()
    # when: it runs again, then: nothing changes
    out = StringIO()
    call_command("load_reference", stdout=out)
    assert snapshot_counts() == first


@pytest.mark.django_db(transaction=True)
def test_a_corrupt_file_leaves_the_database_as_it_was(monkeypatch, tmp_path):
    from chiso.indices import loaders

    bad = tmp_path / "scores.csv"
    bad.write_text("year,province_code_legacy\nabc,\n", encoding="utf-8")
    monkeypatch.setattr(loaders, "SCORES_CSV", bad)
    with pytest.raises(CommandError) as excinfo:
        call_command("load_reference", stdout=StringIO())
    assert "Nothing was written" in str(excinfo.value)
    assert AdministrativeUnit.objects.count() == 0
    assert Dimension.objects.count() == 0
