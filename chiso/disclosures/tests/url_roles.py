"""The URL × role rows of the disclosures app (collected by ``tests/test_url_roles.py``)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chiso.accounts.tests.factories import UserFactory
from chiso.core.tests.test_filetypes import JPEG, PDF
from chiso.disclosures import services
from chiso.disclosures.models import DisclosureType
from chiso.disclosures.reference import load_disclosure_types
from tests.urlroles import ADMIN, admin_only, in_scope, login_required, public, row

# Recording (an event, a posting) is for coordinators and officers of the unit: the model-level gate answers 403 to
# the other roles, the unit's check 404 to a coordinator of another province.
ACT_IN_SCOPE = {
    **admin_only(),
    "province_coordinator": 200,
    "district_coordinator": 200,
    "district_officer": 200,
    "commune_officer": 200,
    "other_province_officer": 404,
}
COORDINATORS_ADD = {
    **admin_only(),
    "province_coordinator": 200,
    "district_coordinator": 200,
    "other_province_officer": 200,
}
# A national rule is the administrator's: coordinators pass the gate and do not find it among theirs.
NATIONAL_RULE_EDIT = {
    **COORDINATORS_ADD,
    "province_coordinator": 404,
    "district_coordinator": 404,
    "other_province_officer": 404,
}
# Without ``?unit=`` an export is of the user's first unit; an administrator has none.
EXPORT = {**login_required(), ADMIN: 404}

ROWS = {
    "disclosures:home": (None, login_required()),
    "disclosures:event_add": ("disclosure_unit_kw", ACT_IN_SCOPE),
    "disclosures:duty_detail": ("disclosure_duty", in_scope()),
    "disclosures:posting_add": ("disclosure_duty_kw", ACT_IN_SCOPE),
    "disclosures:posting_detail": ("disclosure_posting", in_scope()),
    "disclosures:posting_action": ("disclosure_posting", login_required(405)),
    "disclosures:posting_history": ("disclosure_posting", in_scope()),
    "disclosures:place_action": ("disclosure_place", login_required(405)),
    "disclosures:photo_download": ("disclosure_photo", in_scope()),
    "disclosures:document_download": ("disclosure_document", in_scope()),
    "disclosures:compliance": (None, login_required()),
    "disclosures:compliance_xlsx": (None, EXPORT),
    "disclosures:compliance_docx": (None, EXPORT),
    "disclosures:public_list": ("disclosure_unit_code", public()),
    "disclosures:public_not_posted": ("disclosure_place", public()),
    "disclosures:public_document": ("disclosure_document", public()),
    "disclosures:disclosuretype_list": (None, public()),
    "disclosures:disclosuretype_detail": ("disclosure_type", public()),
    "disclosures:disclosuretype_add": (None, COORDINATORS_ADD),
    "disclosures:disclosuretype_edit": ("disclosure_type", NATIONAL_RULE_EDIT),
    # History names officials: a national rule (no unit) is in no official's units, so only the administrator.
    "disclosures:disclosuretype_history": ("disclosure_type", {**row(404, anonymous=302), ADMIN: 200}),
    # API: transitions are POST only (405 to a GET); the services check the action themselves.
    "disclosures-type-list": (None, public()),
    "disclosures-type-detail": ("disclosure_type", public()),
    "disclosures-duty-list": (None, login_required(anon=401)),
    "disclosures-duty-detail": ("disclosure_duty", in_scope(anon=401)),
    "disclosures-posting-list": (None, login_required(anon=401)),
    "disclosures-posting-detail": ("disclosure_posting", in_scope(anon=401)),
    "disclosures-posting-confirm": ("disclosure_posting", login_required(405, anon=401)),
    "disclosures-posting-withdraw": ("disclosure_posting", login_required(405, anon=401)),
    "disclosures-posting-take-down": ("disclosure_posting", login_required(405, anon=401)),
    "disclosures-posting-photos": ("disclosure_posting", login_required(405, anon=401)),
    "disclosures-posting-documents": ("disclosure_posting", login_required(405, anon=401)),
    # Without ``?unit=`` there is no unit to judge: not found.
    "disclosures-compliance": (None, row(404, anonymous=401)),
    "disclosures-public": ("disclosure_unit_code", public()),
}


def objects(world, built):
    """Built through the services: an inspection conclusion Bạch Sam must post, posted today at the committee
    office (with a dated photo) and on the ward's web portal (with the document), confirmed."""
    load_disclosure_types()
    actor = UserFactory(username="disclosures_admin", is_superuser=True)
    today = timezone.localdate()
    rule = DisclosureType.objects.get(code="ket-luan-thanh-tra")
    duty = services.record_event(
        unit=world.bach_sam, rule=rule, actor=actor, event="Kết luận thanh tra số 12/KL-TTr", trigger_on=today
    )
    posting = services.record_posting(
        duty,
        actor=actor,
        title="Kết luận thanh tra số 12/KL-TTr",
        places=[
            {
                "kind": "committee_office",
                "posted_from": today,
                "photo": SimpleUploadedFile("bang-tin.jpg", JPEG),
                "taken_on": today,
            },
            {"kind": "web_portal", "posted_from": today, "url": "https://bachsam.example.vn/ket-luan-12"},
        ],
        documents=[SimpleUploadedFile("ket-luan.pdf", PDF)],
    )
    services.confirm_posting(posting, actor=actor)
    place = posting.places.get(kind="committee_office")
    return {
        "disclosure_unit_kw": {"unit": world.bach_sam.pk},
        "disclosure_unit_code": {"code": world.bach_sam.code},
        "disclosure_duty": duty,
        "disclosure_duty_kw": {"duty": duty.pk},
        "disclosure_posting": posting,
        "disclosure_place": place,
        "disclosure_photo": place.photos.get(),
        "disclosure_document": posting.documents.get(),
        "disclosure_type": rule,
    }
