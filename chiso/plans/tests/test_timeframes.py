import datetime as dt

import pytest

from chiso.plans.timeframes import parse_timeframe

D = dt.date


@pytest.mark.parametrize(
    "text, kind, start, end",
    [
        ("Thường xuyên", "ongoing", None, None),
        ("Năm 2023", "year", D(2023, 1, 1), D(2023, 12, 31)),
        ("Quý II/2024", "quarter", D(2024, 4, 1), D(2024, 6, 30)),
        ("Quý IV năm 2025", "quarter", D(2025, 10, 1), D(2025, 12, 31)),
        ("tháng 7 năm 2024", "month", D(2024, 7, 1), D(2024, 7, 31)),
        ("Tháng 2/2024", "month", D(2024, 2, 1), D(2024, 2, 29)),
        ("trước ngày 29/6/2024", "by_date", None, D(2024, 6, 29)),
        ("Từ ngày 01/3/2025 đến ngày 30/6/2025", "range", D(2025, 3, 1), D(2025, 6, 30)),
        ("Theo Kế hoạch đã được Ủy ban nhân dân thị xã phê duyệt", "per_plan", None, None),
    ],
)
def test_reads_the_timeframes_plans_use(text, kind, start, end):
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.start, timeframe.end) == (kind, start, end)


@pytest.mark.parametrize("text", ["", "   ", "sớm nhất có thể", "Quý V/2024", "31/02/2024"])
def test_unknown_or_impossible_is_none(text):
    assert parse_timeframe(text) is None
