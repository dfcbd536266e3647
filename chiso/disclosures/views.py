"""Disclosure screens: thin views over disclosures.services; every one declares its permission.

The officials' side: what a unit must post and whether it did (``home``, ``duty_detail``, ``compliance``), the
postings with their places and photos, the rules (generic views). The public side (``public_list``,
``public_not_posted``, ``public_document``) reads only confirmed postings that are up, and files only of postings on
the unit's web portal.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chiso.citizens.forms import accepted, contact_of
from chiso.citizens.querysets import unit_by_code
from chiso.core.permissions import PUBLIC, declare, policy
from chiso.core.services import ConflictError
from chiso.core.views import ObjectDetailView, ObjectListView, _attach_errors, error_messages, scoped_object
from chiso.lib import filetypes
from chiso.lib.ratelimit import client_address, hit
from chiso.units.models import AdministrativeUnit

from . import compliance, periods, services
from .exporters import compliance_docx, compliance_xlsx
from .forms import (
    PLACE_ROWS,
    DocumentForm,
    EventForm,
    NotPostedForm,
    PhotoForm,
    PlaceForm,
    PostingForm,
    ReasonForm,
    TakeDownForm,
)
from .models import DisclosureType, Duty, Place, PlacePhoto, PlaceState, Posting, PostingDocument, PostingPlace
from .sections import POSTING_LEVELS, current_postings


def _my_units(user):
    """The units where the user holds a role, at the levels that post (the entry points of the pages)."""
    if policy.is_admin(user):
        return list(AdministrativeUnit.objects.filter(level="province").order_by("-era", "name")[:80])
    paths = policy.unit_paths(user, policy.rule_for(Duty).roles["view"])
    return list(AdministrativeUnit.objects.filter(path__in=paths, level__in=POSTING_LEVELS).order_by("path"))


def _unit_param(request, action="view"):
    """The unit the page is about: ``?unit=`` (a link, never typed) within the user's reach, else their first unit."""
    raw = request.GET.get("unit") or request.POST.get("unit")
    if raw:
        try:
            unit = AdministrativeUnit.objects.select_related("parent").get(pk=int(raw))
        except (ValueError, AdministrativeUnit.DoesNotExist):
            raise Http404 from None
        if not policy.can(request.user, action, Duty, unit=unit):
            raise Http404
        return unit
    mine = _my_units(request.user)
    return mine[0] if mine and not policy.is_admin(request.user) else None


def _period_param(request, today):
    key = (request.GET.get("period") or str(today.year)).strip()
    try:
        start, end = periods.parse(key)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        key = str(today.year)
        start, end = periods.parse(key)
    return key, start, end


def _duty_rows(duties, result):
    by_duty = {}
    for line in result.lines:
        by_duty.setdefault(line.duty.pk, []).append(line)
    return [{"duty": d, "lines": by_duty.get(d.pk, [])} for d in duties]


# --- what the unit must post ---------------------------------------------------------------------------------
@declare("view", Duty)
def home(request):
    """What a unit must post in a year: the duties of the recurring rules and of the events recorded, each with
    its required places and how they stand; the units below, to go down the tree."""
    user, today = request.user, timezone.localdate()
    unit = _unit_param(request)
    key, start, end = _period_param(request, today)
    context = {
        "unit": unit,
        "my_units": _my_units(user),
        "period": key,
        "period_label": periods.label(key),
        "today": today,
    }
    if unit is not None:
        if unit.level in POSTING_LEVELS and len(key) == 4:
            services.ensure_duties([unit], int(key))
        result = compliance.compute(unit, start, end, today=today, descendants=False)
        context.update(
            {
                "rows": _duty_rows(result.duties, result),
                "result": result,
                "children": unit.children.filter(level__in=POSTING_LEVELS).order_by("name"),
                "can_add": policy.can(user, "add", Duty, unit=unit),
                # the way up only where the user may look (a ward officer does not see the town's page)
                "parent": unit.parent if unit.parent_id and policy.can(user, "view", Duty, unit=unit.parent) else None,
                "event_form": EventForm(rules=services.event_rules(unit)),
                "years": [today.year + 1, today.year, today.year - 1, today.year - 2],
            }
        )
    return render(request, "disclosures/home.html", context)


@declare("add", Duty)
def event_add(request, unit):
    """Record the event that makes the unit post (e.g. an inspection conclusion signed)."""
    unit = get_object_or_404(AdministrativeUnit, pk=unit)
    if not policy.can(request.user, "add", Duty, unit=unit):
        raise Http404
    form = EventForm(request.POST or None, rules=services.event_rules(unit))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                duty = services.record_event(
                    unit=unit,
                    rule=form.cleaned_data["type"],
                    actor=request.user,
                    event=form.cleaned_data["event"],
                    trigger_on=form.cleaned_data["trigger_on"],
                )
                messages.success(
                    request, _("Recorded. To be posted by %(date)s.") % {"date": f"{duty.due_on:%d/%m/%Y}"}
                )
                return HttpResponseRedirect(duty.get_absolute_url())
            except ValidationError as exc:
                _attach_errors(form, exc)
    return render(request, "disclosures/event_form.html", {"form": form, "unit": unit}, status=status)


@declare("view", Duty)
def duty_detail(request, pk):
    duty = scoped_object(request, Duty, "view", pk, Duty.objects.select_related("unit", "type", "recorded_by"))
    today = timezone.localdate()
    result = compliance.compute(duty.unit, today, today, today=today, duties=Duty.objects.filter(pk=duty.pk))
    postings = duty.postings.select_related("recorded_by", "confirmed_by").prefetch_related("places")
    return render(
        request,
        "disclosures/duty_detail.html",
        {
            "duty": duty,
            "lines": result.lines,
            "postings": postings,
            "can_post": policy.can(request.user, "add", Posting, unit=duty.unit),
            "today": today,
        },
    )


# --- postings ------------------------------------------------------------------------------------------------
def _place_forms(request):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    return [PlaceForm(data, files, prefix=f"place-{i}") for i in range(PLACE_ROWS)]


@declare("add", Posting)
def posting_add(request, duty):
    """Record a posting of a duty: the document, and each place with its dates and a dated photo."""
    duty = scoped_object(request, Duty, "view", duty, Duty.objects.select_related("unit", "type"))
    if not policy.can(request.user, "add", Posting, unit=duty.unit):
        raise PermissionDenied
    form = PostingForm(
        request.POST or None, request.FILES or None, initial={"title": f"{duty.type.name} — {duty.label}"}
    )
    place_forms = _place_forms(request)
    if request.method == "GET":
        for kind, place_form in zip(duty.places, place_forms, strict=False):
            place_form.initial = {"kind": kind}
    errors = []
    if request.method == "POST":
        checked = [f.is_valid() for f in place_forms]  # every row validated, so each shows its errors
        valid = form.is_valid() and all(checked)
        if valid:
            places = [f.values() for f in place_forms if not f.is_blank]
            try:
                posting = services.record_posting(
                    duty,
                    actor=request.user,
                    title=form.cleaned_data["title"],
                    reference=form.cleaned_data["reference"],
                    note=form.cleaned_data["note"],
                    places=places,
                    documents=form.cleaned_data["documents"],
                )
                messages.success(
                    request,
                    _("The posting was recorded. Check it and confirm it: it then counts and shows on the portal."),
                )
                return HttpResponseRedirect(posting.get_absolute_url())
            except ValidationError as exc:
                errors = error_messages(exc)
        else:
            errors = [_("Check the fields marked below.")]
    context = {"duty": duty, "form": form, "place_forms": place_forms, "errors": errors}
    return render(request, "disclosures/posting_form.html", context, status=400 if request.method == "POST" else 200)


def _posting_context(request, posting, **forms):
    user = request.user
    duty = posting.duty
    today = timezone.localdate()
    places = list(posting.places.prefetch_related("photos"))
    rows = []
    for place in places:
        rows.append(
            {
                "place": place,
                "state": PlaceState(place.state(duty)).label if posting.status == Posting.Status.CONFIRMED else "",
                "state_code": place.state(duty),
                "until": duty.required_until(place.posted_from),
                "days": place.days_up(today),
                "take_down_form": forms.get(f"take_down_{place.pk}")
                or TakeDownForm(initial={"posted_to": today, "loaded_version": place.version}),
                "photo_form": forms.get(f"photo_{place.pk}") or PhotoForm(initial={"taken_on": today}),
            }
        )
    can_change = posting.status != Posting.Status.WITHDRAWN and policy.can(user, "change", posting)
    return {
        "posting": posting,
        "duty": duty,
        "rows": rows,
        "documents": posting.documents.all(),
        "can_change": can_change,
        "can_confirm": posting.can_be_confirmed() and policy.can(user, "confirm", posting),
        "can_withdraw": posting.can_be_withdrawn() and policy.can(user, "withdraw", posting),
        "place_form": forms.get("place") or PlaceForm(prefix="new"),
        "document_form": forms.get("document") or DocumentForm(),
        "reason_form": forms.get("reason") or ReasonForm(),
        "errors": forms.get("errors") or [],
    }


def _posting(request, pk, action="view"):
    return scoped_object(
        request,
        Posting,
        action,
        pk,
        Posting.objects.select_related("duty__unit", "duty__type", "recorded_by", "confirmed_by"),
    )


@declare("view", Posting)
def posting_detail(request, pk):
    return _posting_page(request, _posting(request, pk))


def _posting_page(request, posting, status=200, **forms):
    """The posting's page, with the forms of a refused action (as typed) and its ``errors``."""
    return render(
        request, "disclosures/posting_detail.html", _posting_context(request, posting, **forms), status=status
    )


@require_POST
@declare("view", Posting)
def posting_action(request, pk):
    """One door for the posting's buttons: confirm, withdraw, add a place, add a document. Errors show on the page
    with what was typed."""
    posting = _posting(request, pk)
    action = request.POST.get("action")
    forms = {}
    try:
        if action == "confirm":
            services.confirm_posting(posting, actor=request.user, loaded_version=request.POST.get("loaded_version"))
            messages.success(request, _("The posting was confirmed."))
        elif action == "withdraw":
            form = forms["reason"] = ReasonForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Say why the posting is withdrawn."))
            services.withdraw_posting(posting, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The posting was withdrawn."))
        elif action == "add_place":
            form = forms["place"] = PlaceForm(request.POST, request.FILES, prefix="new")
            if not form.is_valid() or form.is_blank:
                raise ValidationError(_("Fill in the place: where, and the day it went up."))
            services.add_place(posting, actor=request.user, **form.values())
            messages.success(request, _("The place was added."))
        elif action == "add_document":
            form = forms["document"] = DocumentForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError(_("Choose the file to add."))
            services.add_document(posting, actor=request.user, upload=form.cleaned_data["document"])
            messages.success(request, _("The document was added."))
        else:
            raise ValidationError(_("Unknown action."))
    except ConflictError as exc:
        return _posting_page(request, _posting(request, pk), 409, errors=exc.messages, **forms)
    except ValidationError as exc:
        return _posting_page(request, posting, 400, errors=error_messages(exc), **forms)
    return HttpResponseRedirect(posting.get_absolute_url())


@require_POST
@declare("view", PostingPlace)
def place_action(request, pk):
    """A place's buttons: the day it was taken down (with the reason when early), a dated photo."""
    place = scoped_object(request, PostingPlace, "view", pk, PostingPlace.objects.select_related("posting__duty"))
    posting = _posting(request, place.posting_id)
    action = request.POST.get("action")
    forms = {}
    try:
        if action == "take_down":
            form = forms[f"take_down_{place.pk}"] = TakeDownForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the day it was taken down (dd/mm/yyyy)."))
            services.take_down_place(
                place,
                actor=request.user,
                posted_to=form.cleaned_data["posted_to"],
                reason=form.cleaned_data["reason"],
                loaded_version=form.cleaned_data.get("loaded_version"),
            )
            messages.success(request, _("The day it was taken down was recorded."))
        elif action == "add_photo":
            form = forms[f"photo_{place.pk}"] = PhotoForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError(_("Choose the photo and give the day it was taken (dd/mm/yyyy)."))
            services.add_photo(
                place, actor=request.user, upload=form.cleaned_data["photo"], taken_on=form.cleaned_data["taken_on"]
            )
            messages.success(request, _("The photo was added."))
        else:
            raise ValidationError(_("Unknown action."))
    except ConflictError as exc:
        return _posting_page(request, posting, 409, errors=exc.messages, **forms)
    except ValidationError as exc:
        return _posting_page(request, posting, 400, errors=error_messages(exc), **forms)
    return HttpResponseRedirect(posting.get_absolute_url())


@declare("view", PlacePhoto)
def photo_download(request, pk):
    item = scoped_object(request, PlacePhoto, "view", pk)
    return filetypes.serve(item.file, filename=item.name, as_attachment=False)


@declare("view", PostingDocument)
def document_download(request, pk):
    item = scoped_object(request, PostingDocument, "view", pk)
    return filetypes.serve(item.file, filename=item.name)


# --- compliance ----------------------------------------------------------------------------------------------
def _compliance(request):
    today = timezone.localdate()
    unit = _unit_param(request)
    if unit is None:
        return None, None, None, None
    key, start, end = _period_param(request, today)
    return unit, key, compliance.compute(unit, start, end, today=today), today


@declare("view", Duty)
def compliance_view(request):
    """Expected, posted on time, late, taken down early, missing — for a unit and the units below it in a period,
    with the list behind each number (``?state=``)."""
    unit, key, result, today = _compliance(request)
    if unit is None:
        return render(request, "disclosures/compliance.html", {"unit": None, "my_units": _my_units(request.user)})
    state = request.GET.get("state") or ""
    if state and state not in PlaceState.values:
        state = ""
    lines = compliance.lines_in(result, state)
    # A province's every place is a thousand rows: listed when a number is chosen, or when few.
    show_lines = bool(state) or len(lines) <= 200
    context = {
        "unit": unit,
        "period": key,
        "period_label": periods.label(key),
        "result": result,
        "counts": result.counts,
        "states": [(s.value, s.label) for s in compliance.COUNTED],
        "by_unit": result.by_unit() if unit.level != "commune" else [],
        "by_type": result.by_type(),
        "state": state,
        "state_label": PlaceState(state).label if state else "",
        "show_lines": show_lines,
        "lines": lines[:500] if show_lines else [],
        "more": max(0, len(lines) - 500) if show_lines else 0,
        "today": today,
        "my_units": _my_units(request.user),
    }
    return render(request, "disclosures/compliance.html", context)


@declare("view", Duty)
def compliance_xlsx_view(request):
    unit, key, result, _today = _compliance(request)
    if unit is None:
        raise Http404
    return filetypes.attachment(compliance_xlsx(unit, key, result), f"cong-khai-{unit.code}-{key}.xlsx")


@declare("view", Duty)
def compliance_docx_view(request):
    unit, key, result, today = _compliance(request)
    if unit is None:
        raise Http404
    return filetypes.attachment(compliance_docx(unit, key, result, today=today), f"cong-khai-{unit.code}-{key}.docx")


# --- the public side -----------------------------------------------------------------------------------------
def _rate_limited(request, scope):
    limit = settings.RATE_LIMIT_SUBMIT if scope == "submit" else settings.RATE_LIMIT_READ
    if hit(f"disclosures-{scope}", client_address(request), limit=limit, window=settings.RATE_LIMIT_WINDOW):
        return None
    response = render(
        request, "citizens/rate_limited.html", {"minutes": max(1, settings.RATE_LIMIT_WINDOW // 60)}, status=429
    )
    response["Retry-After"] = str(settings.RATE_LIMIT_WINDOW)
    return response


@declare(PUBLIC)
def public_list(request, code):
    """Every posting of the unit up today: what, where, until when, and the file where it is public."""
    unit = unit_by_code(code)
    today = timezone.localdate()
    return render(
        request, "disclosures/public_list.html", {"unit": unit, "rows": current_postings(unit, today), "today": today}
    )


def _public_place(pk, today):
    place = (
        PostingPlace.objects.current(today)
        .select_related("posting__duty__type", "posting__duty__unit")
        .filter(pk=pk)
        .first()
    )
    if place is None:
        raise Http404
    return place


@declare(PUBLIC)
def public_not_posted(request, pk):
    """ "Not posted where it should be": a citizen reports a place; it arrives as feedback to the unit."""
    today = timezone.localdate()
    place = _public_place(pk, today)
    form = NotPostedForm(request.POST or None)
    if request.method == "POST":
        limited = _rate_limited(request, "submit")
        if limited:
            return limited
        if accepted(form):
            data = form.cleaned_data
            try:
                item = services.report_not_posted(
                    place,
                    text=data["text"],
                    **contact_of(data),
                )
            except ValidationError as exc:
                _attach_errors(form, exc)
            else:
                return HttpResponseRedirect(reverse("citizens:public_feedback", args=[item.tracking_code]) + "?new=1")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "disclosures/public_not_posted.html",
        {"place": place, "unit": place.posting.duty.unit, "form": form},
        status=status,
    )


@declare(PUBLIC)
def public_document(request, pk):
    """The document of a confirmed posting that is on the unit's web portal today: public by the law's own rule."""
    today = timezone.localdate()
    on_portal = PostingPlace.objects.current(today).filter(kind=Place.WEB_PORTAL)
    item = (
        PostingDocument.objects.filter(pk=pk, posting__in=on_portal.values("posting_id"))
        .filter(~Q(posting__status=Posting.Status.WITHDRAWN))
        .first()
    )
    if item is None:
        raise Http404
    return filetypes.serve(item.file, filename=item.name, as_attachment=False)


# --- the rules -----------------------------------------------------------------------------------------------
class DisclosureTypeListView(ObjectListView):
    model = DisclosureType
    select_related = ("unit",)
    columns = [
        ("name", gettext_lazy("Name")),
        ("get_recurrence_display", gettext_lazy("Recurrence")),
        ("min_days", gettext_lazy("Minimum days")),
        ("deadline_label", gettext_lazy("Deadline after the event")),
        ("unit", gettext_lazy("Unit")),
    ]
    intro = gettext_lazy(
        "What units must post, where and for how long, each rule with its legal basis. National rules are loaded "
        "with the reference data and kept by administrators; a province or district may add rules for its units."
    )


class DisclosureTypeDetailView(ObjectDetailView):
    model = DisclosureType
    template_name = "disclosures/disclosuretype_detail.html"
    fields = [
        "name",
        "code",
        "content",
        "legal_basis",
        "poster",
        "level",
        "min_days",
        "deadline_days",
        "deadline_unit",
        "recurrence",
        "anchor_month",
        "unit",
        "is_active",
    ]
