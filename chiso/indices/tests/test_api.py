"""Public reference API: the framework tree and the published scores."""

from decimal import Decimal

import pytest

from chiso.indices.models import Dimension, Index, Score, SubDimension


@pytest.fixture
def scores(world):
    papi = Index.objects.create(code="PAPI", name_vi="PAPI")
    d1 = Dimension.objects.create(index=papi, code="D1", order=1, name_vi="Tham gia", since=2011)
    sub = SubDimension.objects.create(dimension=d1, code="D1.1", name_vi="Tri thức công dân", since=2011)
    for year, total, n in ((2017, "35.1", 6), (2018, "44.2", 8)):
        Score.objects.create(
            index=papi, unit=world.hung_yen, year=year, code="TOTAL", value=Decimal(total), n_dimensions=n
        )
    Score.objects.create(index=papi, unit=world.hung_yen, year=2018, code="D1", dimension=d1, value=Decimal("5.1"))
    Score.objects.create(
        index=papi, unit=world.hung_yen, year=2018, code="D1.1", dimension=d1, subdimension=sub, value=None
    )
    return papi


def test_scores_filters_and_scales(client, scores):
    data = client.get("/api/v1/scores/", {"province": "33", "dimension": "TOTAL"}).json()
    assert data["count"] == 2
    by_year = {row["year"]: row for row in data["results"]}
    assert (by_year[2017]["scale_min"], by_year[2017]["scale_max"]) == (6.0, 60.0)
    assert (by_year[2018]["scale_min"], by_year[2018]["scale_max"]) == (8.0, 80.0)
    gap = client.get("/api/v1/scores/", {"year": 2018, "dimension": "D1.1"}).json()["results"][0]
    assert gap["value"] is None  # a gap in PAPI's data stays empty, never 0
    assert client.get("/api/v1/scores/", {"year": "abc"}).status_code == 400


def test_framework_tree(client, scores):
    tree = client.get("/api/v1/framework/").json()
    assert tree["dimensions"][0]["code"] == "D1"
    assert tree["dimensions"][0]["subdimensions"][0]["code"] == "D1.1"
