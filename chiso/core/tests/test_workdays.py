import datetime as dt

import pytest
from django.core.management import call_command

from chiso.core import workdays
from chiso.core.models import CalendarException
from chiso.lib.workdays import Calendar

D = dt.date


def test_fifteen_working_days_skip_tet_2025():
    # 21/01/2025 + 15 working days crosses Tết Ất Tỵ (27/01–31/01 off on weekdays).
    assert Calendar().add_working_days(D(2025, 1, 21), 15) == D(2025, 2, 18)


def test_swapped_saturday_is_a_working_day():
    # 26/4/2025 (Saturday) was worked to make 2/5 a day off.
    calendar = Calendar()
    assert calendar.is_working_day(D(2025, 4, 26))
    assert not calendar.is_working_day(D(2025, 5, 2))


def test_working_days_between_and_backwards():
    calendar = Calendar()
    assert calendar.working_days_between(D(2025, 1, 21), D(2025, 2, 18)) == 15
    assert calendar.working_days_between(D(2025, 2, 18), D(2025, 1, 21)) == -15
    assert calendar.add_working_days(D(2025, 2, 18), -15) == D(2025, 1, 21)
    assert calendar.add_working_days(D(2025, 2, 18), 0) == D(2025, 2, 18)


@pytest.mark.django_db
def test_administrator_exceptions_change_the_count():
    assert workdays.add_working_days(D(2025, 3, 3), 1) == D(2025, 3, 4)
    CalendarException.objects.create(date=D(2025, 3, 4), kind=CalendarException.Kind.DAY_OFF, note="Lễ hội tỉnh")
    assert workdays.add_working_days(D(2025, 3, 3), 1) == D(2025, 3, 5)
    CalendarException.objects.create(date=D(2025, 3, 8), kind=CalendarException.Kind.WORKING_DAY, note="Làm bù")
    assert workdays.is_working_day(D(2025, 3, 8))


@pytest.mark.django_db
def test_command_prints_the_date(capsys):
    call_command("workdays", "add", "2025-01-21", "15")
    assert capsys.readouterr().out.strip() == "2025-02-18"


@pytest.mark.django_db
def test_command_rejects_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="invalid date"):
        call_command("workdays", "add", "21-01-2025x", "15")


def test_calculator_page(client, world, commune_officer):
    client.force_login(commune_officer)
    response = client.get("/calendar/working-days/", {"start": "21/01/2025", "days": "15"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "18/02/2025" in html
    assert "29/01/2025" in html  # a Tết day listed on the way


def test_calculator_page_keeps_bad_input(client, world, commune_officer):
    client.force_login(commune_officer)
    response = client.get("/calendar/working-days/", {"start": "31/02/2025", "days": "15"})
    assert response.status_code == 200
    assert 'value="31/02/2025"' in response.content.decode()
    assert "invalid-feedback" in response.content.decode()
