"""Citizens' lines of the home to-do (issue 14): feedback routed to my agency whose deadline is near or past."""

import datetime as dt

from chiso.citizens.models import Feedback
from chiso.citizens.tests.factories import FeedbackFactory
from chiso.core import home


def test_officer_sees_feedback_nearing_its_deadline(world, commune_officer):
    # given: an item routed to Văn phòng - Thống kê of Bạch Sam, accepted, to answer by 17/03/2025
    item = FeedbackFactory(unit=world.bach_sam, agency=world.vp_bach_sam, status=Feedback.Status.ACCEPTED)
    # when: the officer opens the home page on 12/03/2025
    rows = [r for r in home.todos(commune_officer, today=dt.date(2025, 3, 12)) if r["todo"].kind == "feedback.due"]
    # then: answer by 17/03, three working days left
    assert [(r["todo"].due_on, r["days"]) for r in rows] == [(dt.date(2025, 3, 17), 3)]
    assert item.tracking_code in rows[0]["todo"].text
    # and: nothing a fortnight earlier
    assert not [r for r in home.todos(commune_officer, today=dt.date(2025, 2, 25)) if r["todo"].kind == "feedback.due"]
