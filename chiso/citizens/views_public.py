"""The public portal: a unit's plan and progress, published answers, reception schedule, dialogues; feedback.

No account, phone-sized, light (no JavaScript). Only public facts are read here: contact details and attachments
never reach these templates. Posting endpoints and look-ups by tracking code are rate-limited per address.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chiso.core.pagecache import public_page
from chiso.core.permissions import PUBLIC, declare
from chiso.core.views import _attach_errors
from chiso.lib.ratelimit import client_address, hit
from chiso.lib.text import vi_sort_key
from chiso.plans.models import Task
from chiso.plans.rollup import task_table
from chiso.units.models import AdministrativeUnit

from . import services
from .extensions import portal_sections
from .forms import FeedbackForm, LookupForm, RatingForm, ResolutionForm, accepted, contact_of
from .models import Dialogue, Feedback, ReceptionSession
from .querysets import PUBLIC_LEVELS, current_plan, find_units, unit_by_code
from .throttle import count_stored, submissions_left


def rate_limited(request, scope):
    """None when the address is within its limit, else the 429 page (readable in Vietnamese and English)."""
    limit = settings.RATE_LIMIT_SUBMIT if scope == "submit" else settings.RATE_LIMIT_READ
    if hit(scope, client_address(request), limit=limit, window=settings.RATE_LIMIT_WINDOW):
        return None
    minutes = max(1, settings.RATE_LIMIT_WINDOW // 60)
    response = render(request, "citizens/rate_limited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(settings.RATE_LIMIT_WINDOW)
    return response


def _submit_page(request, unit, form, intake, status):
    context = {"unit": unit, "form": form, "intake": intake, "limit_minutes": max(1, settings.RATE_LIMIT_WINDOW // 60)}
    response = render(request, "citizens/feedback_submit.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(settings.RATE_LIMIT_WINDOW)
    return response


@declare(PUBLIC)
@public_page
def portal(request):
    """Pick a unit: search by name, or start from the provinces."""
    q = (request.GET.get("q") or "").strip()
    if q:
        units = find_units(q)
        if len(units) == 1 or (units and units[0].code == q):  # a code, or one unit of that name: its portal at once
            return HttpResponseRedirect(_portal_address(units[0]))
    else:  # the 34 current provinces first, the 63 abolished ones after, each in Vietnamese alphabetical order
        provinces = AdministrativeUnit.objects.filter(level="province").only("code", "name", "era", "parent_id")
        units = sorted(provinces, key=lambda u: (u.era != AdministrativeUnit.Era.CURRENT, vi_sort_key(u.name)))
    return render(request, "citizens/portal.html", {"units": units, "q": q, "lookup": LookupForm()})


def _portal_address(unit):
    url = reverse("citizens:portal_unit", args=[unit.code])
    return url + "?era=legacy" if unit.era == AdministrativeUnit.Era.LEGACY else url


@declare(PUBLIC)
@public_page
def portal_unit(request, code):
    """A unit's public page (the link or QR code printed at the commune office).

    Its content is cached as HTML for a minute per unit and language (``{% cache %}`` in the template), and every
    read below is lazy: on a hit the page costs one query (the unit). Published answers, schedules and dialogues
    therefore appear on it within a minute.
    """
    unit = unit_by_code(code, request.GET.get("era"))
    today = timezone.localdate()
    section = SimpleLazyObject(lambda: _plan_section(unit, today))
    answers = Feedback.objects.for_unit(unit).published().select_related("category").order_by("-answered_on", "-id")
    context = {
        "unit": unit,
        # Who takes this unit's feedback: itself, its successor (merged away on 1/7/2025), a unit above, or nobody.
        "intake": SimpleLazyObject(lambda: services.intake_for(unit)),
        "ancestors": SimpleLazyObject(unit.ancestors),
        "children": unit.children.filter(level__in=PUBLIC_LEVELS).order_by("name"),
        "plan": SimpleLazyObject(lambda: section["plan"]),
        "table": SimpleLazyObject(lambda: section["table"]),
        "rows": SimpleLazyObject(lambda: section["rows"]),
        "plan_key": SimpleLazyObject(lambda: section["key"]),
        "answers": answers[:5],
        "answer_count": SimpleLazyObject(answers.count),
        "sessions": ReceptionSession.objects.for_unit(unit).upcoming(today)[:10],
        "upcoming_dialogues": Dialogue.objects.for_unit(unit).upcoming(today)[:5],
        "past_dialogues": Dialogue.objects.for_unit(unit).past(today).prefetch_related("commitments__task")[:5],
        "page_url": request.build_absolute_uri(),
        "sections": SimpleLazyObject(lambda: portal_sections(unit, today)),
    }
    return render(request, "citizens/portal_unit.html", context)


def _plan_section(unit, today):
    """The unit's current plan and its task table. The table is cached as HTML in its own right, keyed by the
    tasks' count and last change and by the date (statuses move with it), as on the plan page."""
    plan = current_plan(unit)
    if plan is None:
        return {"plan": None, "table": None, "rows": None, "key": None}
    state = plan.tasks.aggregate(n=Count("id"), last=Max("updated_at"))
    last = state["last"].timestamp() if state["last"] else 0
    table = SimpleLazyObject(lambda: task_table(plan))
    rows = SimpleLazyObject(
        lambda: [{**row, "label": Task.Status(row["status"]).label if row["status"] else ""} for row in table["rows"]]
    )
    return {"plan": plan, "table": table, "rows": rows, "key": f"{plan.pk}:{plan.version}:{state['n']}:{last}:{today}"}


@declare(PUBLIC)
@public_page
def portal_answers(request, code):
    unit = unit_by_code(code, request.GET.get("era"))
    answers = Feedback.objects.for_unit(unit).published().select_related("category").order_by("-answered_on", "-id")
    page = Paginator(answers, 20).get_page(request.GET.get("page"))
    return render(request, "citizens/portal_answers.html", {"unit": unit, "page_obj": page})


@declare(PUBLIC)
def feedback_submit(request, code):
    """The feedback form of a unit. The code is shown only after the item is stored (redirect after commit).

    Every refusal answers with the form as typed (the files excepted: a browser cannot be given them back), the
    rate limit's 429 included. A legacy unit's form says which unit now takes its feedback; a unit that takes none
    says where to write instead, and shows no form."""
    unit = unit_by_code(code, request.GET.get("era"))
    intake = services.intake_for(unit)
    form = FeedbackForm(request.POST or None, request.FILES or None)
    if intake.refused:
        return _submit_page(request, unit, None, intake, status=200)
    if request.method == "POST":
        stored = _already_stored(form)
        if stored is not None:  # the same form again (a double click): the item the first POST stored
            return HttpResponseRedirect(reverse("citizens:public_feedback", args=[stored.tracking_code]) + "?new=1")
        if not submissions_left(request):
            form.add_error(
                None,
                _(
                    "Your address has sent many items in the last %(minutes)s minutes. Your text is kept below: "
                    "please send it again in a few minutes."
                )
                % {"minutes": max(1, settings.RATE_LIMIT_WINDOW // 60)},
            )
            return _submit_page(request, unit, form, intake, status=429)
        if accepted(form):
            data = form.cleaned_data
            try:
                item = services.submit_feedback(
                    unit=unit,
                    category=data["category"],
                    subject=data["subject"],
                    text=data["text"],
                    **contact_of(data),
                    files=data["files"],
                    submission_key=data["submission_key"],
                    base_url=request.build_absolute_uri("/"),
                    # Decided and looked up above, in this request: not asked again (issue 16).
                    intake=intake,
                    key_checked=True,
                )
            except ValidationError as exc:
                _attach_errors(form, exc)
            else:
                count_stored(request)
                return HttpResponseRedirect(reverse("citizens:public_feedback", args=[item.tracking_code]) + "?new=1")
    status = 400 if request.method == "POST" else 200
    return _submit_page(request, unit, form, intake, status=status)


def _already_stored(form):
    key = (form.data.get("submission_key") or "").strip()[:64]
    return Feedback.objects.filter(submission_key=key).only("tracking_code").first() if key else None


@declare(PUBLIC)
def feedback_lookup(request):
    form = LookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = services.normalise_code(form.cleaned_data["code"])
        if code:
            return HttpResponseRedirect(reverse("citizens:public_feedback", args=[code]))
        form.add_error("code", _("A tracking code looks like PA-7K3M-9QXD."))
    return render(request, "citizens/feedback_lookup.html", {"lookup": form}, status=400 if form.errors else 200)


class CodeNotFound(Exception):
    def __init__(self, code):
        self.code = code


def _item_by_code(code):
    item = Feedback.objects.select_related("unit", "category", "duplicate_of").filter(tracking_code=code).first()
    if item is None:
        raise CodeNotFound(code)
    return item


def _not_found(request, code):
    """The citizens' 404 for a code that matches nothing: the look-up box again, with what they typed."""
    lookup = LookupForm(initial={"code": code})
    return render(request, "citizens/feedback_not_found.html", {"lookup": lookup, "code": code}, status=404)


def _by_code(view):
    """Answer a wrong tracking code with the citizens' 404 page, not the staff's."""

    @wraps(view)
    def wrapper(request, code, *args, **kwargs):
        try:
            return view(request, code, *args, **kwargs)
        except CodeNotFound:
            return _not_found(request, code)

    return wrapper


def _public_page(request, item, *, rating_form=None, resolution_form=None, status=200):
    # A merged item shows the answer of the item it was merged into, once that one is published.
    answered = item if item.is_public else None
    if item.status == Feedback.Status.MERGED and item.duplicate_of and item.duplicate_of.is_public:
        answered = item.duplicate_of
    return render(
        request,
        "citizens/public_feedback.html",
        {
            "item": item,
            "answered": answered,
            "is_new": request.GET.get("new") == "1",
            "rating_form": rating_form
            or (RatingForm(initial={"rating": item.rating}) if item.can_be_rated() else None),
            "resolution_form": resolution_form
            or (ResolutionForm() if item.status == Feedback.Status.ANSWERED and not item.resolution else None),
        },
        status=status,
    )


@declare(PUBLIC)
@_by_code
def public_feedback(request, code):
    """What the holder of the tracking code sees: status, deadlines, the published answer; no contact, no files."""
    limited = rate_limited(request, "read")
    if limited:
        return limited
    return _public_page(request, _item_by_code(code))


@declare(PUBLIC)
@require_POST
@_by_code
def public_feedback_rate(request, code):
    return _public_answer(request, code, RatingForm, "rating_form", _rate, _("Thank you: your rating was recorded."))


@declare(PUBLIC)
@require_POST
@_by_code
def public_feedback_confirm(request, code):
    answered = _("Thank you: your answer was recorded.")
    return _public_answer(request, code, ResolutionForm, "resolution_form", _confirm, answered)


def _public_answer(request, code, form_class, form_name, act, success):
    """What the holder of a tracking code sends back on the published answer (a rating, whether it was resolved):
    ``act(item, cleaned_data)``, then the feedback's page; refused, the page again with the form as typed."""
    limited = rate_limited(request, "read")
    if limited:
        return limited
    item = _item_by_code(code)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(item, form.cleaned_data)
            messages.success(request, success)
            return HttpResponseRedirect(reverse("citizens:public_feedback", args=[code]))
        except ValidationError as exc:
            _attach_errors(form, exc)
    return _public_page(request, item, status=400, **{form_name: form})


def _rate(item, data):
    services.rate_answer(item, rating=data["rating"], comment=data["comment"])


def _confirm(item, data):
    services.confirm_resolution(item, resolved=data["resolved"], reason=data["reason"])
