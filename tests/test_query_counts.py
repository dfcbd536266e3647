"""Guard 2 of STYLE.md: list pages and API lists do not issue a query per row."""

import pytest

from chiso.accounts.tests.factories import MembershipFactory, UserFactory
from chiso.units.tests.factories import AgencyFactory


@pytest.fixture
def many(world):
    for i in range(30):
        agency = AgencyFactory(name=f"Tổ dân phố {i}", unit=world.bach_sam)
        MembershipFactory(user=UserFactory(username=f"tdp{i}"), agency=agency, role="officer")


def count(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    "url, limit",
    [
        ("/units/agencies/", 10),
        ("/people/", 10),
        ("/roles/", 10),
        ("/api/v1/agencies/", 10),
        ("/api/v1/units/", 6),
        ("/calendar/exceptions/", 10),
    ],
)
def test_lists_stay_flat(client, many, district_coordinator, django_assert_max_num_queries, url, limit):
    client.force_login(district_coordinator)
    count(client, url, django_assert_max_num_queries, limit)
