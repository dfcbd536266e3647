"""``chiso load-demo`` on the legacy units it needs (built here, without the national load)."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from chiso.accounts.models import Membership, User
from chiso.demo.world import USERS, VINH_CHAU_COMMUNES
from chiso.units.models import AdministrativeUnit, Agency
from chiso.units.tests.factories import UnitFactory


@pytest.fixture
def seed_units(db):
    hung_yen = UnitFactory(code="33", name="Tỉnh Hưng Yên", level="province")
    my_hao = UnitFactory(code="328", name="Thị xã Mỹ Hào", level="district", parent=hung_yen)
    UnitFactory(code="12124", name="Phường Bạch Sam", level="commune", parent=my_hao)
    UnitFactory(code="12130", name="Phường Phùng Chí Kiên", level="commune", parent=my_hao)
    soc_trang = UnitFactory(code="94", name="Tỉnh Sóc Trăng", level="province")
    vinh_chau = UnitFactory(code="950", name="Thị xã Vĩnh Châu", level="district", parent=soc_trang)
    for i, code in enumerate(VINH_CHAU_COMMUNES):
        UnitFactory(code=code, name=f"Xã Thử {i}" if i else "Phường 1", level="commune", parent=vinh_chau)


def test_creates_the_seeds_world_once(seed_units):
    call_command("load_demo", stdout=StringIO())
    assert Agency.objects.filter(unit__code="950").count() == 17
    assert sum("UBND xã, phường" in a.aliases for a in Agency.objects.all()) == 12
    assert AdministrativeUnit.objects.filter(level="village").count() == 4
    for username, *_rest, role in USERS:
        assert Membership.objects.filter(user__username=username, role=role).exists()
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="bachsam.officer").memberships.count() == 2
    before = (Agency.objects.count(), User.objects.count(), Membership.objects.count())
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert (Agency.objects.count(), User.objects.count(), Membership.objects.count()) == before
    assert "agencies: 0" in out.getvalue()


def test_demo_password_works(seed_units, client):
    call_command("load_demo", stdout=StringIO())
    assert client.login(username="pck.coordinator", password="chiso-demo")


def test_refuses_without_reference_data(db):
    with pytest.raises(CommandError, match="load-reference"):
        call_command("load_demo", stdout=StringIO())
    assert not Agency.objects.exists()


def test_print_logins_lists_everyone(seed_units):
    out = StringIO()
    call_command("load_demo", "--print-logins", stdout=out)
    text = out.getvalue()
    for username, *_ in USERS:
        assert username in text
    assert "chiso-demo" in text
    # one table: this year's logins (current units) line up with the seeds' ones, role and unit in their columns
    assert "hy2026.leader" in text and "myhao2026.coordinator" in text
    rows = [re.match(r"  ([a-z0-9.]+) +(\S.*?)  +(\S.*)$", line) for line in text.splitlines()]
    rows = [row for row in rows if row]
    assert len(rows) == len(USERS) + 1 + 5  # admin and this year's five
    assert len({(row.start(2), row.start(3)) for row in rows}) == 1, text


def test_an_apps_demo_module_runs_after_the_world(seed_units, monkeypatch):
    """A new app brings its demo data in its own ``demo.py`` (no edit to this app): the command finds and runs it."""
    import types

    from chiso.demo.management.commands import load_demo

    seen = []
    module = types.ModuleType("chiso.units.demo")
    module.load_demo = lambda stdout=None: seen.append(Agency.objects.count()) or {"extra things": 2}
    monkeypatch.setattr(load_demo, "find_spec", lambda name: True)
    monkeypatch.setattr(
        load_demo, "import_module", lambda name: module if name == "chiso.units.demo" else types.ModuleType(name)
    )
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert seen and seen[0] > 0  # after the world's agencies
    assert "extra things: 2" in out.getvalue()
