import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """Login locks and throttles live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()
