import datetime as dt

import pytest
from django.utils import timezone

from chiso.dashboards.recount import recount_year

from .factories import YEAR, build


@pytest.fixture
def dash(world):
    """The fixed world, counted for every period of 2025 as of today."""
    tasks = build(world)
    recount_year(YEAR, today=timezone.localdate())
    return tasks


@pytest.fixture
def today():
    return timezone.localdate()


__all__ = ["dt"]
