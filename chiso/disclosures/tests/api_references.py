"""The API reference rows of the disclosures app (collected by ``tests/test_api_references.py``)."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from chiso.core.tests.test_filetypes import JPEG
from chiso.disclosures import services
from chiso.disclosures.models import DisclosureType, Duty, PlacePhoto, Posting, PostingDocument, PostingPlace
from chiso.disclosures.reference import load_disclosure_types
from tests.apirefs import HIDDEN, REFUSED


def jpeg():
    return SimpleUploadedFile("anh.jpg", JPEG, content_type="image/jpeg")


CASES = {
    ("disclosures-type-list", "post"): [
        (
            "a rule for a Sóc Trăng unit",
            "coordinator",
            "/api/v1/disclosures/types/",
            {
                "unit": "{far_d_unit}",
                "code": "x",
                "name": "x",
                "legal_basis": "x",
                "places": ["committee_office"],
            },
            "json",
            REFUSED,
        )
    ],
    ("disclosures-type-detail", "patch"): [
        (
            "a Sóc Trăng rule",
            "coordinator",
            "/api/v1/disclosures/types/{far_rule}/",
            {"version": 1, "name": "x"},
            "json",
            HIDDEN,
        )
    ],
    ("disclosures-duty-list", "post"): [
        (
            "an event of a Sóc Trăng unit",
            "coordinator",
            "/api/v1/disclosures/duties/",
            {"unit": "{far_d_unit}", "type": "{far_rule}", "event": "x", "trigger_on": "2025-03-01"},
            "json",
            REFUSED,
        )
    ],
    ("disclosures-posting-list", "post"): [
        (
            "a Sóc Trăng duty",
            "coordinator",
            "/api/v1/disclosures/",
            {
                "duty": "{far_duty}",
                "title": "x",
                "places": [{"kind": "committee_office", "posted_from": "2025-03-02"}],
            },
            "json",
            REFUSED,
        )
    ],
    ("disclosures-posting-confirm", "post"): [
        ("a Sóc Trăng posting", "coordinator", "/api/v1/disclosures/{far_posting}/confirm/", {}, "json", HIDDEN)
    ],
    ("disclosures-posting-withdraw", "post"): [
        (
            "a Sóc Trăng posting",
            "coordinator",
            "/api/v1/disclosures/{far_posting}/withdraw/",
            {"reason": "x"},
            "json",
            HIDDEN,
        )
    ],
    ("disclosures-posting-take-down", "post"): [
        (
            "a Sóc Trăng posting",
            "coordinator",
            "/api/v1/disclosures/{far_posting}/take-down/",
            {"place": "{far_place}", "posted_to": "2025-03-05", "reason": "x"},
            "json",
            HIDDEN,
        )
    ],
    ("disclosures-posting-photos", "post"): [
        (
            "a Sóc Trăng posting",
            "coordinator",
            "/api/v1/disclosures/{far_posting}/photos/",
            {"place": "{far_place}", "file": jpeg, "taken_on": "2025-03-03"},
            "multipart",
            HIDDEN,
        )
    ],
    ("disclosures-posting-documents", "post"): [
        (
            "a Sóc Trăng posting",
            "coordinator",
            "/api/v1/disclosures/{far_posting}/documents/",
            {"file": jpeg},
            "multipart",
            HIDDEN,
        )
    ],
}


def objects(world, far):
    """A rule of thị xã Vĩnh Châu for itself, an event recorded under it and a posting (a draft) of that event."""
    load_disclosure_types()
    far.disclosure_rule = DisclosureType.objects.create(
        unit=world.vinh_chau,
        level="district",
        code="vinh-chau-ke-hoach",
        name="Kế hoạch của thị xã",
        legal_basis="Quyết định của UBND thị xã",
        places=["committee_office"],
    )
    far.disclosure_duty = services.record_event(
        unit=world.vinh_chau,
        rule=far.disclosure_rule,
        actor=far.admin,
        event="Kế hoạch 90/KH-UBND",
        trigger_on=dt.date(2025, 3, 1),
    )
    far.disclosure_posting = services.record_posting(
        far.disclosure_duty,
        actor=far.admin,
        title="Kế hoạch 90/KH-UBND",
        places=[
            {
                "kind": "committee_office",
                "posted_from": dt.date(2025, 3, 2),
                "photo": jpeg(),
                "taken_on": dt.date(2025, 3, 2),
            }
        ],
    )
    return {
        "far_d_unit": world.vinh_chau.pk,
        "far_rule": far.disclosure_rule.pk,
        "far_duty": far.disclosure_duty.pk,
        "far_posting": far.disclosure_posting.pk,
        "far_place": far.disclosure_posting.places.get().pk,
    }


def state():
    return (
        sorted(DisclosureType.objects.values_list("pk", "version", "name")),
        Duty.objects.count(),
        sorted(Posting.objects.values_list("pk", "status", "version")),
        sorted(PostingPlace.objects.values_list("pk", "version", "posted_to")),
        PlacePhoto.objects.count(),
        PostingDocument.objects.count(),
    )
