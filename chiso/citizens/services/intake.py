"""Intake: a citizen's feedback stored with its files and deadlines; tracking codes; uploads checked."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.core import workdays
from chiso.core.audit import record_created
from chiso.lib import filetypes, uploads

from ..models import Feedback, FeedbackAttachment
from .ownership import intake_for, refusal
from .routing import route_feedback

MAX_FILES = getattr(settings, "CHISO_FEEDBACK_MAX_FILES", 5)

# Letters and digits that cannot be misread on paper or over the phone (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_tracking_code() -> str:
    """ "PA-7K3M-9QXD": 8 random characters (31^8 ≈ 8.5·10^11), the holder's only key to the item."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"PA-{raw[:4]}-{raw[4:]}"


def normalise_code(code: str) -> str:
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if raw.startswith("PA"):
        raw = raw[2:]
    return f"PA-{raw[:4]}-{raw[4:8]}" if len(raw) == 8 else ""


def sniff_upload(upload):
    """(content type, extension) read from the file's first bytes, whatever it is called: a photo or a PDF document;
    refuses what is too large or anything else."""
    extension = uploads.check_upload(upload, "feedback", accept=uploads.PHOTOS_OR_PDF)
    return filetypes.CONTENT_TYPES[extension], extension


def check_uploads(files):
    files = list(files or [])
    if len(files) > MAX_FILES:
        raise ValidationError(_("At most %(n)s files may be attached.") % {"n": MAX_FILES}, code="too_many_files")
    return [(upload, *sniff_upload(upload)) for upload in files]


def _deadlines(category, received_on):
    calendar = workdays.calendar()  # read once: each read checks the administrator's exceptions in the database
    return (
        calendar.add_working_days(received_on, category.acknowledge_days),
        calendar.add_working_days(received_on, category.answer_days),
    )


def submit_feedback(
    *,
    unit,
    category,
    subject,
    text,
    contact_name="",
    contact_phone="",
    contact_email="",
    contact_consent=False,
    files=(),
    source=Feedback.Source.WEB,
    received_on=None,
    actor=None,
    reception_session=None,
    dialogue=None,
    submission_key=None,
    base_url="",
    intake=None,
    key_checked=False,
):
    """Store a citizen's feedback with its files and deadlines; return it once committed.

    The tracking code is drawn before the insert and the row is written in one transaction with its files, so a
    code the caller shows is always a stored item (a code shown is never lost). Contact details are kept only with
    the consent line ticked.

    The item goes to the unit that takes feedback for ``unit`` (its successor when it was merged away, the nearest
    set-up unit above when it is not set up; see ``ownership``), always to an agency with active staff, or is
    refused with a pointer. ``submission_key`` (the form's one-time key) makes a repeated POST return the item
    the first one stored, with the same code.

    A caller that has just decided who takes ``unit``'s feedback (the public form's view, to show the page) passes
    that ``intake``, and one that has just looked the key up passes ``key_checked``: the decision is made once per
    request, and the key asked once (a key stored since is then the unique constraint's clash, answered below).
    """
    submission_key = (submission_key or "").strip()[:64] or None
    if submission_key and not key_checked:
        stored = Feedback.objects.filter(submission_key=submission_key).first()
        if stored is not None:
            return stored
    if (contact_name or contact_phone or contact_email) and not contact_consent:
        raise ValidationError(
            {
                "contact_consent": ValidationError(
                    _("Tick the consent line to leave your contact details, or leave them empty."), code="no_consent"
                )
            }
        )
    checked = check_uploads(files)
    received_on = received_on or timezone.localdate()
    acknowledge_due, answer_due = _deadlines(category, received_on)
    if intake is None or intake.asked.pk != unit.pk:
        intake = intake_for(unit)
    if intake.refused:
        raise refusal(intake)
    unit = intake.unit
    agency = route_feedback(unit, category)
    if agency is None:  # pragma: no cover - a set-up unit has a staffed agency by definition
        raise refusal(intake)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                item = Feedback(
                    tracking_code=new_tracking_code(),
                    unit=unit,
                    category=category,
                    agency=agency,
                    source=source,
                    subject=subject.strip()[:200],
                    text=text.strip(),
                    contact_name=contact_name.strip(),
                    contact_phone=contact_phone.strip(),
                    contact_email=contact_email.strip(),
                    contact_consent=bool(contact_consent),
                    received_on=received_on,
                    acknowledge_due_on=acknowledge_due,
                    answer_due_on=answer_due,
                    reception_session=reception_session,
                    dialogue=dialogue,
                    submission_key=submission_key,
                )
                # Field checks only: the related rows were loaded by the caller, and the two CHECK constraints
                # hold by construction (and in the database); skipping their queries halves a submission's cost.
                # The two unique keys are left to the database: a clash is the IntegrityError handled below.
                item.full_clean(
                    exclude=[
                        "tracking_code",
                        "submission_key",
                        "unit",
                        "category",
                        "agency",
                        "reception_session",
                        "dialogue",
                    ],
                    validate_constraints=False,
                )
                item.save()
                for upload, content_type, extension in checked:
                    stem = (upload.name or "file").rsplit(".", 1)[0][:80] or "file"
                    attachment = FeedbackAttachment(
                        feedback=item, name=stem + extension, content_type=content_type, size=upload.size
                    )
                    attachment.file.save(f"{secrets.token_hex(8)}{extension}", upload)
                record_created(item, actor)
            break
        except IntegrityError:
            # The same form posted twice at once: the other request stored it, answer with its item.
            if submission_key:
                stored = Feedback.objects.filter(submission_key=submission_key).first()
                if stored is not None:
                    return stored
            # A tracking code drawn twice (about one in 10^11): draw again.
            continue
    else:  # pragma: no cover - five collisions in a row
        raise ValidationError(_("The item could not be stored. Please try again."), code="retry")
    if item.contact_email:
        transaction.on_commit(lambda: _send_receipt(item.pk, base_url))
    return item


def _send_receipt(pk, base_url=""):

    item = Feedback.objects.get(pk=pk)
    base = (getattr(settings, "CHISO_BASE_URL", "") or base_url).rstrip("/")
    send_mail(
        _("Your feedback was received: %(code)s") % {"code": item.tracking_code},
        _("Your tracking code is %(code)s. Keep it to follow your feedback and read the answer: %(url)s")
        % {"code": item.tracking_code, "url": base + item.get_public_url()},
        None,
        [item.contact_email],
        fail_silently=True,
    )
