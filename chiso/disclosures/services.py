"""Every change to disclosures goes through one function here: the pages, the API, the jobs and the demo call
them (one door per state change). Checks the form would make are made here too, so the API refuses what the page
refuses."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.accounts.people import holding
from chiso.citizens import services as citizens
from chiso.citizens.models import FeedbackCategory
from chiso.core import workdays
from chiso.core.audit import record_change, record_created
from chiso.core.models import AuditEntry
from chiso.core.permissions import policy
from chiso.core.services import Guard, transition
from chiso.lib import filetypes, tree, uploads
from chiso.notifications.services import notify
from chiso.units.models import AdministrativeUnit

from . import periods
from .models import (
    PHOTO_PLACES,
    DeadlineUnit,
    DisclosureType,
    Duty,
    Place,
    PlacePhoto,
    Posting,
    PostingDocument,
    PostingPlace,
    Recurrence,
)


# --- what a unit must post ----------------------------------------------------------------------------------
def due_date(rule: DisclosureType, trigger_on: dt.date, calendar=None) -> dt.date:
    """The last day to post: the rule's deadline after the event, in working days (weekends, holidays and Tết off,
    with the administrator's exceptions) or in days."""
    if rule.deadline_unit == DeadlineUnit.WORKING_DAYS and rule.deadline_days:
        return (calendar or workdays.calendar()).add_working_days(trigger_on, rule.deadline_days)
    return trigger_on + dt.timedelta(days=rule.deadline_days)


def rules_for(unit):
    """The active rules that apply to ``unit``: national ones and those of its own unit or a unit above, of its
    level."""
    paths = tree.ancestor_paths([unit.path]) + [unit.path]
    return DisclosureType.objects.filter(is_active=True, level=unit.level).filter(
        Q(unit__isnull=True) | Q(unit__path__in=paths)
    )


def _trigger(rule, key):
    start, end = periods.parse(key)
    if rule.recurrence == Recurrence.QUARTERLY:
        # A quarter's figures are disclosed once the quarter is over.
        return start, end, end + dt.timedelta(days=1)
    return start, end, dt.date(start.year, rule.anchor_month, 1)


def _recurring_period(rule, key, calendar) -> dict:
    """What a recurring rule's duty for the period ``key`` says, the same for every unit: its dates and places."""
    start, end, trigger = _trigger(rule, key)
    return {
        "label": periods.label(key),
        "period_start": start,
        "period_end": end,
        "trigger_on": trigger,
        "due_on": due_date(rule, trigger, calendar),
        "places": list(rule.places),
        "min_days": rule.min_days,
    }


def ensure_duties(units, year: int) -> int:
    """Make the duties of the recurring rules for ``units`` and ``year`` that do not exist yet (idempotent: the
    unique constraint and ``ignore_conflicts`` keep one per unit, rule and period). Returns how many were made."""
    units = list(units)
    if not units:
        return 0
    calendar = workdays.calendar()
    rules = list(
        DisclosureType.objects.filter(
            is_active=True, recurrence__in=[Recurrence.YEARLY, Recurrence.QUARTERLY]
        ).select_related("unit")
    )
    made = []
    for rule in rules:
        keys = periods.keys_of_year(year, rule.recurrence)
        targets = [
            u for u in units if u.level == rule.level and (rule.unit is None or tree.is_within(u.path, rule.unit.path))
        ]
        if not targets:
            continue
        have = (
            set(
                Duty.objects.filter(type=rule, key__in=keys, unit__in=[u.pk for u in targets]).values_list(
                    "unit_id", "key"
                )
            )
            if len(targets) <= 500
            else set(Duty.objects.filter(type=rule, key__in=keys).values_list("unit_id", "key"))
        )
        for key in keys:
            period = _recurring_period(rule, key, calendar)
            made += [Duty(unit=unit, type=rule, key=key, **period) for unit in targets if (unit.pk, key) not in have]
    Duty.objects.bulk_create(made, batch_size=2000, ignore_conflicts=True)
    return len(made)


def posting_units(today: dt.date):
    """The units that post under some rule: those of the rules' levels that are valid today."""
    levels = set(DisclosureType.objects.filter(is_active=True).values_list("level", flat=True))
    return (
        AdministrativeUnit.objects.filter(level__in=levels)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
    )


def ensure_all_duties(today: dt.date) -> int:
    """The daily job's part: this year's recurring duties for every unit that posts."""
    return ensure_duties(posting_units(today).only("id", "path", "level"), today.year)


def event_units(actor):
    """The units where ``actor`` may record an event (what the page's form offers)."""
    return AdministrativeUnit.objects.filter(policy.units_where(actor, "add", Duty))


def event_rules(unit):
    """The rules an event may be recorded under for ``unit`` (what the page's form offers)."""
    return rules_for(unit).filter(recurrence=Recurrence.PER_EVENT)


@transaction.atomic
def record_event(*, unit, rule, actor, event, trigger_on):
    """Record the event that makes ``unit`` post under ``rule`` (an inspection conclusion signed, a recruitment's
    results approved, the budget estimate adopted): a duty due the rule's deadline after ``trigger_on``."""
    policy.require(actor, "add", Duty)
    policy.require_usable(actor, unit, field="unit", among=event_units(actor))
    policy.require_usable(actor, rule, field="type", among=event_rules(unit))
    event = (event or "").strip()
    if not event:
        raise ValidationError(
            {"event": ValidationError(_("Say what happened, e.g. the decision and its number."), code="required")}
        )
    if trigger_on is None:
        raise ValidationError({"trigger_on": ValidationError(_("Give the date of the event."), code="required")})
    duty = Duty(
        unit=unit,
        type=rule,
        label=event[:300],
        trigger_on=trigger_on,
        due_on=due_date(rule, trigger_on),
        places=list(rule.places),
        min_days=rule.min_days,
        recorded_by=actor,
    )
    duty.full_clean(exclude=["unit", "type", "recorded_by"])
    duty.save()
    record_created(duty, actor, event="duty.recorded", data={"event": event[:300]})
    return duty


# --- postings -----------------------------------------------------------------------------------------------
def _check_photo(upload):
    """A photo is checked as evidence is (size limit of evidence; a real photo by its content)."""
    return uploads.check_upload(upload, "evidence", accept=uploads.PHOTOS, name_must_match=True)


def _check_document(upload):
    return uploads.check_upload(upload, "evidence", accept=uploads.DOCUMENTS, name_must_match=True)


def _place_errors(duty, index, values, today):
    """The messages for one place as typed (``index`` counts from 1), and the clean values."""
    errors = []
    prefix = _("Place %(n)s: ") % {"n": index} if index else ""
    kind = values.get("kind")
    if kind not in Place.values:
        errors.append(prefix + _("choose where it was posted."))
    posted_from, posted_to = values.get("posted_from"), values.get("posted_to")
    if posted_from is None:
        errors.append(prefix + _("give the day it went up."))
    elif posted_from > today:
        errors.append(prefix + _("the day it went up (%(d)s) is in the future.") % {"d": f"{posted_from:%d/%m/%Y}"})
    if posted_from and posted_to and posted_to < posted_from:
        errors.append(
            prefix
            + _("the posting ends (%(to)s) before it starts (%(from)s): check the two dates.")
            % {"to": f"{posted_to:%d/%m/%Y}", "from": f"{posted_from:%d/%m/%Y}"}
        )
    elif posted_from and posted_to:
        until = duty.required_until(posted_from)
        if until and posted_to < until and not (values.get("reason") or "").strip():
            errors.append(
                prefix
                + _(
                    "it was up for %(n)s days, shorter than required (until %(until)s). It will be marked "
                    "“taken down early”: say why."
                )
                % {"n": (posted_to - posted_from).days + 1, "until": f"{until:%d/%m/%Y}"}
            )
    photo = values.get("photo")
    if photo is not None:
        try:
            _check_photo(photo)
        except ValidationError as exc:
            errors.extend(prefix + m for m in exc.messages)
        taken_on = values.get("taken_on")
        if taken_on is None:
            errors.append(prefix + _("give the day the photo was taken."))
        elif taken_on > today:
            errors.append(prefix + _("the photo's date (%(d)s) is in the future.") % {"d": f"{taken_on:%d/%m/%Y}"})
        elif posted_from and taken_on < posted_from:
            errors.append(
                prefix
                + _("the photo (%(d)s) was taken before the posting went up (%(from)s).")
                % {"d": f"{taken_on:%d/%m/%Y}", "from": f"{posted_from:%d/%m/%Y}"}
            )
    return errors


def _save_photo(place, upload, taken_on):
    photo = PlacePhoto(
        place=place, name=upload.name, size=upload.size, content_type=filetypes.content_type(upload), taken_on=taken_on
    )
    photo.file.save(upload.name, upload, save=True)
    return photo


def _save_document(posting, upload):
    document = PostingDocument(
        posting=posting, name=upload.name, size=upload.size, content_type=filetypes.content_type(upload)
    )
    document.file.save(upload.name, upload, save=True)
    return document


def _new_place(posting, values):
    return PostingPlace(
        posting=posting,
        kind=values["kind"],
        name=(values.get("name") or "").strip()[:200],
        url=(values.get("url") or "").strip(),
        posted_from=values["posted_from"],
        posted_to=values.get("posted_to"),
        taken_down_reason=(values.get("reason") or "").strip(),
    )


@transaction.atomic
def record_posting(duty, *, actor, title, places, reference="", note="", documents=(), today=None):
    """Record that ``duty``'s document was posted: where, from when to when, with a dated photo per place and the
    document itself. Everything is checked before anything is stored: one bad place or file stores nothing.

    ``places`` is a list of dicts: ``kind``, ``name``, ``url``, ``posted_from``, ``posted_to``, ``reason`` (why it
    came down before the required period), ``photo`` (an upload) and ``taken_on``.
    """
    today = today or timezone.localdate()
    policy.require(actor, "add", Posting, unit=duty.unit)
    policy.require_usable(actor, duty, field="duty", among=Duty.objects.visible_to(actor, "add"))
    errors = []
    title = (title or "").strip()
    if not title:
        errors.append(_("Name the document that was posted."))
    places = [p for p in places or [] if p]
    if not places:
        errors.append(_("Add at least one place where it was posted."))
    for index, values in enumerate(places, start=1):
        errors += _place_errors(duty, index, values, today)
    for upload in documents or ():
        try:
            _check_document(upload)
        except ValidationError as exc:
            errors += exc.messages
    if errors:
        raise ValidationError(errors, code="invalid_posting")
    posting = Posting(
        duty=duty, title=title[:300], reference=(reference or "").strip()[:300], note=note or "", recorded_by=actor
    )
    posting.full_clean(exclude=["duty", "recorded_by", "confirmed_by"])
    posting.save()
    for values in places:
        place = _new_place(posting, values)
        place.full_clean(exclude=["posting"])
        place.save()
        if values.get("photo") is not None:
            _save_photo(place, values["photo"], values["taken_on"])
    for upload in documents or ():
        _save_document(posting, upload)
    record_created(posting, actor, event="posting.recorded")
    return posting


def _require_change(actor, posting):
    if not policy.can(actor, "change", posting):
        raise PermissionDenied


@transaction.atomic
def add_place(posting, *, actor, today=None, **values):
    """Add a place to a posting (a draft, or a confirmed one that was posted at one more place)."""
    today = today or timezone.localdate()
    _require_change(actor, posting)
    if posting.status == Posting.Status.WITHDRAWN:
        raise ValidationError(_("This posting was withdrawn; record a new one."), code="withdrawn")
    errors = _place_errors(posting.duty, None, values, today)
    if errors:
        raise ValidationError([e[:1].upper() + e[1:] for e in errors], code="invalid_place")
    place = _new_place(posting, values)
    place.full_clean(exclude=["posting"])
    place.save()
    if values.get("photo") is not None:
        _save_photo(place, values["photo"], values["taken_on"])
    record_created(
        place,
        actor,
        event="postingplace.added",
        data={"place": str(place)},
    )
    return place


@transaction.atomic
def add_photo(place, *, actor, upload, taken_on, today=None):
    """Add a dated photo to a place: the same check as any evidence, and a date the photo could have been taken."""
    today = today or timezone.localdate()
    if not policy.can(actor, "change", place):
        raise PermissionDenied
    _PLACE_IN_FORCE.check(place)
    values = {"kind": place.kind, "posted_from": place.posted_from, "photo": upload, "taken_on": taken_on}
    errors = _place_errors(place.posting.duty, None, values, today)
    if errors:
        raise ValidationError([e[:1].upper() + e[1:] for e in errors], code="invalid_photo")
    photo = _save_photo(place, upload, taken_on)
    record_change(
        place,
        AuditEntry.Action.UPDATE,
        actor,
        None,
        None,
        event="postingplace.photo_added",
        data={"taken_on": f"{taken_on:%d/%m/%Y}"},
    )
    return photo


@transaction.atomic
def add_document(posting, *, actor, upload):
    _require_change(actor, posting)
    if posting.status == Posting.Status.WITHDRAWN:
        raise ValidationError(_("This posting was withdrawn; record a new one."), code="withdrawn")
    _check_document(upload)
    document = _save_document(posting, upload)
    record_change(
        posting, AuditEntry.Action.UPDATE, actor, None, None, event="posting.document_added", data={"name": upload.name}
    )
    return document


def _missing_photos(posting):
    places = posting.places.filter(kind__in=list(PHOTO_PLACES)).exclude(photos__isnull=False)
    return [str(p) for p in places]


_DRAFT = Guard(
    Posting.can_be_confirmed,
    gettext_lazy("This posting is not a draft: it was already confirmed or withdrawn."),
    code="not_draft",
)
_IN_FORCE = Guard(Posting.can_be_withdrawn, gettext_lazy("This posting was already withdrawn."), code="withdrawn")
_PLACE_IN_FORCE = Guard(
    lambda place: place.posting.status != Posting.Status.WITHDRAWN,
    gettext_lazy("This posting was withdrawn; record a new one."),
    code="withdrawn",
)


@transaction.atomic
def confirm_posting(posting, *, actor, loaded_version=None, now=None):
    """Confirm the posting: the proof is complete (each place on a board has a dated photo). From then on it counts
    for compliance and, while up, shows on the public portal."""
    kwargs = {} if loaded_version is None else {"loaded_version": loaded_version}
    fields = ["status", "confirmed_by", "confirmed_at"]
    with transition(
        posting, actor=actor, event="posting.confirmed", action="confirm", guard=_DRAFT, fields=fields, **kwargs
    ) as t:
        if not t.obj.places.exists():
            raise ValidationError(_("Add at least one place where it was posted."), code="no_places")
        missing = _missing_photos(t.obj)
        if missing:
            raise ValidationError(
                _("Add a dated photo for each place on a notice board before confirming: %(list)s.")
                % {"list": "; ".join(missing)},
                code="no_photo",
            )
        t.obj.status = Posting.Status.CONFIRMED
        t.obj.confirmed_by, t.obj.confirmed_at = actor, now or timezone.now()
    return t.obj


@transaction.atomic
def withdraw_posting(posting, *, actor, reason):
    """Withdraw a posting recorded wrongly (it no longer counts and leaves the portal); the reason is kept."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(_("Say why the posting is withdrawn."), code="required")})
    fields = ["status", "withdraw_reason"]
    with transition(
        posting, actor=actor, event="posting.withdrawn", action="withdraw", guard=_IN_FORCE, fields=fields
    ) as t:
        t.obj.status = Posting.Status.WITHDRAWN
        t.obj.withdraw_reason = reason
        t.data["reason"] = reason
    return t.obj


@transaction.atomic
def take_down_place(place, *, actor, posted_to, reason="", loaded_version=None, today=None):
    """Record the day the document came down from a place. Before the required period is over it is allowed, and
    marked "taken down early" with the reason given."""
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    kwargs = {} if loaded_version is None else {"loaded_version": loaded_version}
    with transition(
        place,
        actor=actor,
        action="change",
        queryset=PostingPlace.objects.select_related("posting__duty"),
        guard=_PLACE_IN_FORCE,
        fields=["posted_to", "taken_down_reason"],
        **kwargs,
    ) as t:
        place = t.obj
        if posted_to is None:
            raise ValidationError({"posted_to": ValidationError(_("Give the day it was taken down."), code="required")})
        if posted_to < place.posted_from:
            raise ValidationError(
                {
                    "posted_to": ValidationError(
                        _("The posting ends (%(to)s) before it starts (%(from)s): check the two dates.")
                        % {"to": f"{posted_to:%d/%m/%Y}", "from": f"{place.posted_from:%d/%m/%Y}"},
                        code="ends_before_start",
                    )
                }
            )
        if posted_to > today:
            raise ValidationError(
                {"posted_to": ValidationError(_("The day it was taken down cannot be in the future."), code="future")}
            )
        until = place.posting.duty.required_until(place.posted_from)
        early = until is not None and posted_to < until
        if early and not reason:
            raise ValidationError(
                {
                    "reason": ValidationError(
                        _("It must stay up until %(until)s: say why it came down early.")
                        % {"until": f"{until:%d/%m/%Y}"},
                        code="reason_required",
                    )
                }
            )
        place.posted_to = posted_to
        place.taken_down_reason = reason if early else place.taken_down_reason
        t.event = "postingplace.taken_down_early" if early else "postingplace.taken_down"
        t.data.update(posted_to=f"{posted_to:%d/%m/%Y}", reason=reason)
    return t.obj


# --- what citizens say --------------------------------------------------------------------------------------
def coordinators_of(unit):
    """The standing body's officials of ``unit``: who hears that something was not posted."""
    return holding(["coordinator"], unit=unit)


def officials_of(unit):
    return holding(["coordinator", "officer"], unit=unit)


def transparency_category():
    """The feedback category of transparency (PAPI dimension 2) that a citizen's report is filed under."""
    return (
        FeedbackCategory.objects.filter(is_active=True, code="cong-khai-minh-bach").first()
        or FeedbackCategory.objects.filter(is_active=True, dimension_code="D2").order_by("position").first()
        or FeedbackCategory.objects.filter(is_active=True).order_by("position").first()
    )


def report_not_posted(place, *, text="", contact_name="", contact_phone="", contact_email="", contact_consent=False):
    """A citizen says the document is not posted at ``place`` (a confirmed place that should be up): it becomes
    feedback about the unit, routed as any feedback is, and the unit's standing body is told at once."""
    posting = place.posting
    duty = posting.duty
    category = transparency_category()
    if category is None:
        raise ValidationError(
            _("Feedback cannot be received at the moment. Please try again later."), code="no_category"
        )
    where = str(place)
    subject = _("Not posted where it should be: %(what)s — %(where)s") % {"what": duty.type.name, "where": where}
    body = _(
        "A citizen reports that “%(title)s” (%(what)s, %(label)s) is not posted at %(where)s, although the record "
        "says it is posted there from %(from)s."
    ) % {
        "title": posting.title,
        "what": duty.type.name,
        "label": duty.label,
        "where": where,
        "from": f"{place.posted_from:%d/%m/%Y}",
    }
    if (text or "").strip():
        body += "\n\n" + text.strip()
    item = citizens.submit_feedback(
        unit=duty.unit,
        category=category,
        subject=subject[:200],
        text=body,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
        contact_consent=contact_consent,
    )
    unit = duty.unit
    transaction.on_commit(
        lambda: notify(
            coordinators_of(unit),
            key=f"disclosures:not-posted:{item.pk}",
            subject=subject[:300],
            body=_("A citizen reports a missing posting; it is in the feedback inbox as %(code)s.")
            % {"code": item.tracking_code},
            url=item.get_absolute_url(),
        )
    )
    return item


# --- reads the pages and the API share ----------------------------------------------------------------------
def duties_needing_posting(today, *, within_days=60):
    """Duties due recently or soon that have no confirmed posting yet (for the reminders)."""
    confirmed = Posting.objects.filter(duty=OuterRef("pk"), status=Posting.Status.CONFIRMED)
    return (
        Duty.objects.filter(
            due_on__gte=today - dt.timedelta(days=within_days), due_on__lte=today + dt.timedelta(days=45)
        )
        .annotate(posted=Exists(confirmed))
        .filter(posted=False)
        .select_related("unit", "type")
    )
