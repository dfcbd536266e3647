"""The results import on any input (issue 11): linear work, no crash, bounded rows."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiso.lib.budget import budget
from chiso.results import services

from .conftest import csv_rows

N = 5_000


def rows_file(n):
    """The 2024 layout with n rows (the provinces over and over: each row is still read and checked)."""
    rows = [r for r in csv_rows() if r["year"] == "2024"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows[i % len(rows)] for i in range(n))
    return SimpleUploadedFile("papi.csv", out.getvalue().encode())


def test_the_results_import_works_linearly(papi_results, settings):
    work = []
    for n in (N, 2 * N):
        with budget() as meter:
            result = services.read_results(rows_file(n), year=2024)
        assert len(result.rows) == n
        work.append(meter.work)
    assert work[0] > N and work[1] <= 2.5 * work[0], work


def test_too_many_rows_are_refused(papi_results, settings):
    settings.CHISO_IMPORT_MAX_LINES = 100
    with translation.override("en"):
        result = services.read_results(rows_file(200), year=2024)
    assert "more than 100 lines" in " ".join(result.errors) and not result.rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.lists(st.text(max_size=20) | st.sampled_from(["D1", "papi_total", "Tỉnh", "1,5", "x"]), max_size=6),
        max_size=10,
    )
)
def test_the_results_import_never_raises_on_any_cells(papi_results, rows):
    out = io.StringIO()
    csv.writer(out).writerows([["province_code_legacy", "papi_total", "D1"], *rows])
    result = services.read_results(SimpleUploadedFile("r.csv", out.getvalue().encode()), year=2031)
    assert isinstance(result.errors, list)
