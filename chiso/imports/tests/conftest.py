import json
from pathlib import Path

import pytest

from chiso.units.models import AdministrativeUnit, Agency
from chiso.units.tests.factories import AgencyFactory, UnitFactory

# The three seeds are copies of /work/shared/seeds (real plans published by the units: phường Bạch Sam 2023,
# phường Phùng Chí Kiên 2025, thị xã Vĩnh Châu 2023); the gold files are the schema's JSON for each.
FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
BACH_SAM, PHUNG_CHI_KIEN, VINH_CHAU = SEEDS


def gold(seed: Path) -> dict:
    return json.loads((FIXTURES / "gold" / f"{seed.stem}.json").read_text(encoding="utf-8"))


VINH_CHAU_AGENCIES = [
    ("UBND thị xã Vĩnh Châu", Agency.Kind.COMMITTEE),
    ("Ủy ban MTTQ Việt Nam thị xã", Agency.Kind.FRONT),
    ("Phòng Văn hóa và Thông tin", Agency.Kind.OFFICE),
    ("Trung tâm Văn hóa - Thể thao - Truyền thanh", Agency.Kind.SERVICE_UNIT),
    ("Phòng Tư pháp", Agency.Kind.OFFICE),
    ("Trung tâm Chính trị", Agency.Kind.SERVICE_UNIT),
    ("Thanh tra thị xã", Agency.Kind.OFFICE),
    ("Văn phòng HĐND và UBND thị xã", Agency.Kind.OFFICE),
    ("Phòng Tài chính - Kế hoạch", Agency.Kind.OFFICE),
    ("Phòng Lao động - Thương binh và Xã hội", Agency.Kind.OFFICE),
    ("Phòng Giáo dục và Đào tạo", Agency.Kind.OFFICE),
    ("Phòng Tài nguyên và Môi trường", Agency.Kind.OFFICE),
    ("Trung tâm Y tế thị xã", Agency.Kind.SERVICE_UNIT),
    # Written differently from the plan's "Ban Biên tập Cổng thông tin điện tử thị xã": the one name to map.
    ("Ban Biên tập Cổng TTĐT thị xã", Agency.Kind.BOARD),
]


@pytest.fixture
def vinh_chau(world):
    """Thị xã Vĩnh Châu with the agencies its plan names (all but one under the plan's own wording)."""
    unit = world.vinh_chau
    agencies = {name: AgencyFactory(name=name, unit=unit, kind=kind) for name, kind in VINH_CHAU_AGENCIES}
    agencies["Phòng Nội vụ"] = world.noi_vu_vinh_chau
    for number in (1, 2):
        commune = UnitFactory(
            code=f"9500{number}", name=f"Phường {number}", kind="Phường", level=AdministrativeUnit.Level.COMMUNE,
            parent=unit,
        )  # fmt: skip
        agencies[f"UBND Phường {number}"] = AgencyFactory(
            name=f"UBND Phường {number}", unit=commune, kind=Agency.Kind.COMMITTEE
        )
        agencies[f"MTTQ Phường {number}"] = AgencyFactory(
            name=f"Ủy ban MTTQ Việt Nam Phường {number}", unit=commune, kind=Agency.Kind.FRONT
        )
    return agencies


@pytest.fixture
def vinh_chau_coordinator(vinh_chau, world):
    from chiso.accounts.models import Membership
    from chiso.accounts.tests.factories import MembershipFactory, UserFactory

    user = UserFactory(username="vinh_chau_coordinator", full_name="Lâm Thị Thu")
    MembershipFactory(user=user, agency=world.noi_vu_vinh_chau, role=Membership.Role.COORDINATOR)
    return user
