"""The officers' side: the feedback inbox and its actions, statistics, routing rules, reception, dialogues."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.accounts import usercache
from chiso.core.audit import history_for
from chiso.core.permissions import declare, policy
from chiso.core.personcache import person_page
from chiso.core.views import ObjectDetailView, ObjectHistoryView, ObjectListView, _attach_errors
from chiso.lib import personal, tree
from chiso.units.models import AdministrativeUnit

from . import history, pageversions, services, statistics
from .forms import (
    AnswerForm,
    ApproveForm,
    CaseForm,
    CommitmentForm,
    MergeForm,
    ReasonForm,
    RejectForm,
    ResultsForm,
    TransferForm,
    contact_of,
    personal_data_warning,
)
from .models import Dialogue, Feedback, FeedbackAttachment, FeedbackCategory, ReceptionSession, RoutingRule
from .querysets import communes_without_dialogue, similar_feedback

# --- the inbox ---------------------------------------------------------------------------------------------
INBOX_TABS = [
    ("triage", gettext_lazy("To triage"), Q(status="received")),
    ("handling", gettext_lazy("Being handled"), Q(status="accepted")),
    ("approval", gettext_lazy("Awaiting approval"), Q(status="awaiting_approval")),
    ("overdue", gettext_lazy("Overdue"), None),
    # Open items whose agency has nobody active left (the daily check hands them to the coordinators above).
    ("unowned", gettext_lazy("Nobody to answer"), None),
    ("answered", gettext_lazy("Answered"), Q(status__in=["answered", "resolved", "closed"])),
    ("all", gettext_lazy("All"), Q()),
]


@declare("view", Feedback)
@person_page(lambda request: pageversions.inbox_names(usercache.memberships(request.user)))
def feedback_list(request):
    """The inbox of the agencies and units the user handles, by tab, with each item's deadline."""
    today = timezone.localdate()
    base = Feedback.objects.visible_to(request.user)
    tab = request.GET.get("tab") or "triage"
    tabs = []
    selected = base.none()
    # The tabs' counts in one aggregate (the "unowned" one, which asks about the agencies' people, apart).
    overdue = Feedback.objects.overdue(on=today)
    counts = base.aggregate(
        **{key: Count("id", filter=condition, distinct=True) for key, _l, condition in INBOX_TABS if condition},
        overdue=Count("id", filter=Q(pk__in=overdue.values("pk")), distinct=True),
    )
    for key, label, condition in INBOX_TABS:
        if key == "overdue":
            qs = base.overdue(on=today)
        elif key == "unowned":
            qs = services.unowned(base.open())
        else:
            qs = base.filter(condition)
        count = qs.count() if key == "unowned" else counts.get(key)  # "all": no count
        if key == "unowned" and not count and tab != "unowned":
            continue  # shown only when there is something to see
        tabs.append({"key": key, "label": label, "count": count})
        if key == tab:
            selected = qs
    q = (request.GET.get("q") or "").strip()
    if q:  # a search looks in every tab: the officer rarely knows which one an item is in now
        code = services.normalise_code(q)
        selected = base.filter(Q(tracking_code=code) if code else Q(subject__icontains=q) | Q(text__icontains=q))
        tab = ""
    selected = selected.select_related("unit", "category", "agency").order_by("answer_due_on", "id")
    page = Paginator(selected, 50).get_page(request.GET.get("page"))
    rows = [{"item": item, "state": item.deadline_state(today)} for item in page.object_list]
    return render(
        request,
        "citizens/feedback_list.html",
        {"tabs": tabs, "tab": tab, "page_obj": page, "rows": rows, "q": q, "today": today},
    )


def _item(request, pk, action="view"):
    item = get_object_or_404(
        Feedback.objects.visible_to(request.user).select_related(
            "unit", "category", "agency", "duplicate_of", "answer_author", "approved_by"
        ),
        pk=pk,
    )
    if action != "view" and not policy.can(request.user, action, item):
        raise PermissionDenied
    return item


def _transfer_agencies(item):
    """Agencies of the item's unit and the units above it: where feedback about it can be handled."""
    return services.transfer_agencies(item)


def _detail(request, item, forms=None, status=200):
    user = request.user
    can_handle = policy.can(user, "handle", item)
    can_approve = policy.can(user, "approve", item)
    forms = forms or {}
    title = item.public_subject or item.subject
    approve_form = forms.get("approve") or ApproveForm(
        initial={"answer": item.answer, "public_subject": title}, prefix="approve", subject=title
    )
    context = {
        "object": item,
        "item": item,
        "state": item.deadline_state(),
        "attachments": item.attachments.all(),
        "duplicates": item.duplicates.only("id", "tracking_code", "subject"),
        "can_handle": can_handle,
        "can_approve": can_approve,
        "reject_form": forms.get("reject") or RejectForm(),
        "merge_form": forms.get("merge") or MergeForm(),
        "transfer_form": forms.get("transfer") or TransferForm(agencies=_transfer_agencies(item)),
        "answer_form": forms.get("answer") or AnswerForm(initial={"answer": item.answer, "public_subject": title}),
        "approve_form": approve_form,
        # Shown before publishing (the form's own error says it once the leader tried without the tick).
        "personal_data_warning": personal_data_warning(approve_form.findings)
        if approve_form.findings and not approve_form.errors.get("publish_anyway")
        else "",
        "return_form": forms.get("return") or ReasonForm(prefix="return"),
        "reopen_form": forms.get("reopen") or ReasonForm(prefix="reopen"),
        "history_url": reverse("citizens:feedback_history", args=[item.pk]),
        # Offered on triage: similar items of the same unit (only those the officer may see).
        "similar": [other for other in similar_feedback(item) if policy.can(user, "view", other)]
        if can_handle and item.can_be_triaged()
        else [],
        "public_url": item.get_public_url(),
    }
    return render(request, "citizens/feedback_detail.html", context, status=status)


@declare("view", Feedback)
def feedback_detail(request, pk):
    return _detail(request, _item(request, pk))


class FeedbackHistoryView(ObjectHistoryView):
    """The item's history in words: each step as the officers say it ("Lãnh đạo trả lại: …"), the values changed
    with their labels and names (a status's label, an agency's name), never raw codes or numbers."""

    model = Feedback

    def get_template_names(self):
        return ["citizens/feedback_history.html"]

    def extra_context(self, request):
        entries = list(history_for(self.object).select_related("actor")[:200])
        return {"entries": entries, "rows": history.readable(entries)}


def _draft_answer(request, item, answer, public_subject):
    """Send the draft to the leader; warn its drafter at once when it (or the public title) holds personal data."""
    item = services.draft_answer(item, actor=request.user, answer=answer, public_subject=public_subject or None)
    findings = personal.find_in(subject=item.public_subject, answer=answer)
    if findings:
        messages.warning(request, personal_data_warning(findings))


def _run(request, item, form_key, form, call, success):
    if form.is_valid():
        try:
            call(form.cleaned_data)
            messages.success(request, success)
            return HttpResponseRedirect(item.get_absolute_url())
        except ValidationError as exc:
            _attach_errors(form, exc)
    return _detail(request, item, {form_key: form}, status=400)


@declare("view", Feedback)
def feedback_action(request, pk, action):
    """One door for the inbox's buttons: each action runs its service; errors show on the page, input kept."""
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    item = _item(request, pk)
    user, post = request.user, request.POST
    # action → (its form, the service it runs with the form's data, what the officer is told)
    steps = {
        "reject": (
            lambda: RejectForm(post),
            lambda d: services.reject_feedback(item, actor=user, reason=d["reason"], note=d["note"]),
            _("The item was not accepted; the citizen sees the reason."),
        ),
        "merge": (
            lambda: MergeForm(post),
            lambda d: services.merge_feedback(item, actor=user, into_code=d["into_code"]),
            _("Merged: the citizen will see the other item's answer."),
        ),
        "transfer": (
            lambda: TransferForm(post, agencies=_transfer_agencies(item)),
            lambda d: services.transfer_feedback(item, actor=user, agency=d["agency"], note=d["note"]),
            _("Transferred."),
        ),
        "answer": (
            lambda: AnswerForm(post),
            lambda d: _draft_answer(request, item, d["answer"], d["public_subject"]),
            _("The answer was sent to the leader for approval."),
        ),
        "approve": (
            lambda: ApproveForm(post, prefix="approve", subject=item.public_subject or item.subject),
            lambda d: services.publish_answer(
                item, actor=user, answer=d["answer"], public_subject=d["public_subject"] or None
            ),
            _("The answer is published."),
        ),
        "return": (
            lambda: ReasonForm(post, prefix="return"),
            lambda d: services.return_answer(item, actor=user, reason=d["reason"]),
            _("The answer was returned to its drafter."),
        ),
        "reopen": (
            lambda: ReasonForm(post, prefix="reopen"),
            lambda d: services.reopen_feedback(item, actor=user, reason=d["reason"]),
            _("Reopened."),
        ),
    }
    try:
        if action == "accept":
            services.accept_feedback(item, actor=user)
            messages.success(request, _("Accepted. Answer by %(date)s.") % {"date": f"{item.answer_due_on:%d/%m/%Y}"})
            return HttpResponseRedirect(item.get_absolute_url())
        if action in steps:
            make_form, call, success = steps[action]
            return _run(request, item, action, make_form(), call, success)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(item.get_absolute_url())
    raise Http404


@declare("view", FeedbackAttachment)
def attachment_download(request, pk):
    """Attachments are served only to the item's handlers, never as static files."""
    attachment = get_object_or_404(policy.scope(request.user, "view", FeedbackAttachment.objects.all()), pk=pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=not attachment.is_image,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- statistics --------------------------------------------------------------------------------------------
@declare("stats", Feedback)
def statistics_view(request):
    items = policy.scope(request.user, "stats", Feedback.objects.all())
    report = statistics.compute(items, year=_year(request), scope=_scope_label(request.user))
    if request.GET.get("format") == "xlsx":
        return statistics.xlsx_response(report)
    return render(request, "citizens/statistics.html", {"report": report})


def _scope_label(user):
    """The units a user's statistics cover, for the export's title: those of their coordinator and leader roles."""
    if policy.is_admin(user):
        return _("all units")
    names = (
        user.memberships.filter(is_active=True, role__in=["coordinator", "leader"])
        .select_related("agency__unit")
        .values_list("agency__unit__name", flat=True)
    )
    return ", ".join(sorted(set(names)))


def _year(request):
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


# --- routing rules, categories ------------------------------------------------------------------------------
class RoutingRuleListView(ObjectListView):
    model = RoutingRule
    select_related = ("unit", "category", "agency")
    columns = [
        ("unit", gettext_lazy("Unit")),
        ("category", gettext_lazy("Category")),
        ("agency", gettext_lazy("Handling agency")),
    ]
    intro = gettext_lazy(
        "Feedback about a unit goes to the agency of the most specific rule: the unit's own rule before its "
        "district's or province's, a rule for the category before one for every category. Without a rule it goes "
        "to the unit's People's Committee."
    )


class RoutingRuleDetailView(ObjectDetailView):
    model = RoutingRule
    fields = ["unit", "category", "agency"]


class FeedbackCategoryListView(ObjectListView):
    model = FeedbackCategory
    columns = [
        ("name", gettext_lazy("Name")),
        ("get_dimension_code_display", gettext_lazy("PAPI dimension")),
        ("acknowledge_days", gettext_lazy("Working days to acknowledge")),
        ("answer_days", gettext_lazy("Working days to answer")),
    ]


class FeedbackCategoryDetailView(ObjectDetailView):
    model = FeedbackCategory
    fields = ["code", "name", "dimension_code", "acknowledge_days", "answer_days", "is_active"]


# --- reception sessions ---------------------------------------------------------------------------------------
class ReceptionSessionListView(ObjectListView):
    model = ReceptionSession
    select_related = ("unit",)
    columns = [
        ("date", gettext_lazy("Date")),
        ("leader_name", gettext_lazy("Receiving leader")),
        ("unit", gettext_lazy("Unit")),
        ("place", gettext_lazy("Place")),
        ("get_status_display", gettext_lazy("Status")),
        ("citizens_received", gettext_lazy("Citizens received")),
    ]


class ReceptionSessionDetailView(ObjectDetailView):
    model = ReceptionSession
    template_name = "citizens/receptionsession_detail.html"
    fields = ["unit", "leader_name", "leader_title", "date", "start_time", "end_time", "place", "status"]

    def extra_context(self, request):
        can_record = policy.can(request.user, "record", self.object)
        return {
            "cases": self.object.cases.visible_to(request.user).select_related("category"),
            "case_form": CaseForm() if can_record else None,
            "case_url": reverse("citizens:receptionsession_case", args=[self.object.pk]),
        }


def _case_view(request, obj, record, template_context):
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = record(
                obj,
                actor=request.user,
                category=data["category"],
                subject=data["subject"],
                text=data["text"],
                **contact_of(data),
            )
            messages.success(request, _("Recorded as feedback %(code)s.") % {"code": item.tracking_code})
            return HttpResponseRedirect(obj.get_absolute_url())
        except ValidationError as exc:
            _attach_errors(form, exc)
    status = 400 if request.method == "POST" else 200
    return render(request, "citizens/case_form.html", {"form": form, "object": obj, **template_context}, status=status)


@declare("record", ReceptionSession)
def receptionsession_case(request, pk):
    session = get_object_or_404(policy.scope(request.user, "record", ReceptionSession.objects.all()), pk=pk)
    return _case_view(
        request, session, services.record_reception_case, {"heading": _("Record a case heard at this session")}
    )


# --- dialogues ------------------------------------------------------------------------------------------------
class DialogueListView(ObjectListView):
    model = Dialogue
    template_name = "citizens/dialogue_list.html"
    select_related = ("unit",)

    def extra_context(self, request):
        """For officials: the communes of their units with no dialogue this year (at least one is required)."""
        if not request.user.is_authenticated:
            return {}

        year = timezone.localdate().year
        paths = policy.unit_paths(request.user, {"coordinator", "officer", "leader"})
        if policy.is_admin(request.user):
            return {}
        missing = communes_without_dialogue(AdministrativeUnit.objects.filter(tree.subtree_q(paths)), year)
        return {"missing_year": year, "missing_count": missing.count(), "missing": missing[:50]}

    columns = [
        ("date", gettext_lazy("Date")),
        ("title", gettext_lazy("Topics")),
        ("unit", gettext_lazy("Unit")),
        ("get_status_display", gettext_lazy("Status")),
    ]


class DialogueDetailView(ObjectDetailView):
    model = Dialogue
    template_name = "citizens/dialogue_detail.html"
    fields = ["unit", "title", "date", "place", "chair", "participants", "notice_published_on", "status"]

    def extra_context(self, request):
        dialogue = self.object
        user = request.user
        return {
            "notice": (dialogue.notice_state(), dialogue.notice_label()),
            "results": (dialogue.results_state(), dialogue.results_label()),
            "questions": dialogue.questions.visible_to(user).select_related("category"),
            "commitments": dialogue.commitments.select_related("task"),
            "can_record": policy.can(user, "record", dialogue),
            "can_commit": policy.can(user, "commit", dialogue),
        }


def _dialogue(request, pk, action):
    return get_object_or_404(policy.scope(request.user, action, Dialogue.objects.select_related("unit")), pk=pk)


@declare("record", Dialogue)
def dialogue_question(request, pk):
    dialogue = _dialogue(request, pk, "record")
    return _case_view(
        request, dialogue, services.record_dialogue_question, {"heading": _("Record a question raised at the dialogue")}
    )


def _simple_form(request, obj, form, run, heading, success):
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
            messages.success(request, success)
            return HttpResponseRedirect(obj.get_absolute_url())
        except ValidationError as exc:
            _attach_errors(form, exc)
    status = 400 if request.method == "POST" else 200
    return render(request, "citizens/case_form.html", {"form": form, "object": obj, "heading": heading}, status=status)


@declare("record", Dialogue)
def dialogue_results(request, pk):
    dialogue = _dialogue(request, pk, "record")
    form = ResultsForm(
        request.POST or None,
        initial={"results": dialogue.results, "published_on": dialogue.results_published_on or timezone.localdate()},
    )
    return _simple_form(
        request,
        dialogue,
        form,
        lambda d: services.record_dialogue_results(
            dialogue, actor=request.user, results=d["results"], published_on=d["published_on"]
        ),
        _("Record and publish the results"),
        _("The results are recorded and published on the portal."),
    )


@declare("commit", Dialogue)
def dialogue_commitment(request, pk):
    dialogue = _dialogue(request, pk, "commit")
    form = CommitmentForm(request.POST or None, dialogue=dialogue)
    return _simple_form(
        request,
        dialogue,
        form,
        lambda d: services.add_dialogue_commitment(dialogue, actor=request.user, **d),
        _("Add a commitment as a task of the plan"),
        _("The commitment is now a task of the plan."),
    )
