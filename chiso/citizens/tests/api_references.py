"""The API reference rows of the citizens app (collected by ``tests/test_api_references.py``)."""

from chiso.citizens.models import Feedback
from chiso.citizens.tests.factories import FeedbackFactory
from tests.apirefs import HIDDEN, REFUSED

EXEMPT = {
    ("public-feedback-create", "post"): "citizens may write about any unit of the country (public, by design)",
}


def _feedback(action, body=None):
    return [("a Sóc Trăng item", "coordinator", f"/api/v1/feedback/{{item}}/{action}/", body or {}, "json", HIDDEN)]


CASES = {
    ("feedback-accept", "post"): _feedback("accept"),
    ("feedback-reject", "post"): _feedback("reject", {"reason": "duplicate"}),
    ("feedback-merge", "post"): [
        *_feedback("merge", {"into_code": "PA-TEST-0000"}),
        (
            "merging into a Sóc Trăng item",
            "district",
            "/api/v1/feedback/{near_item}/merge/",
            {"into_code": "{item_code}"},
            "json",
            REFUSED,
        ),
    ],
    ("feedback-transfer", "post"): [
        *_feedback("transfer", {"agency": "{agency}"}),
        (
            "to a Sóc Trăng agency",
            "district",
            "/api/v1/feedback/{near_item}/transfer/",
            {"agency": "{agency}"},
            "json",
            REFUSED,
        ),
        (
            "sideways to another ward's office",
            "district",
            "/api/v1/feedback/{near_item}/transfer/",
            {"agency": "{vp_pck}"},
            "json",
            REFUSED,
        ),
    ],
    ("feedback-answer", "post"): _feedback("answer", {"answer": "Đã sửa."}),
    ("feedback-approve", "post"): _feedback("approve"),
    ("feedback-return-answer", "post"): _feedback("return", {"reason": "Sửa lại."}),
    ("feedback-reopen", "post"): _feedback("reopen", {"reason": "Chưa xong."}),
}


def objects(world, far):
    far.item = FeedbackFactory(unit=world.vinh_chau, agency=far.agency, status=Feedback.Status.ACCEPTED)
    # Within reach: an item about phường Bạch Sam.
    far.near_item = FeedbackFactory(unit=world.bach_sam, agency=world.ubnd_bach_sam)
    return {"item": far.item.pk, "item_code": far.item.tracking_code, "near_item": far.near_item.pk}


def state():
    return sorted(Feedback.objects.values_list("pk", "agency_id", "status", "version"))
