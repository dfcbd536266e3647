"""Forms of the public portal and of the officers' inbox: shape validation only, the services decide."""

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from chiso.core.forms import ChisoForm, ChisoModelForm, StyledForm, StyledModelForm, style
from chiso.core.permissions import policy
from chiso.lib import personal
from chiso.plans.forms import MultipleFileField
from chiso.units import pickers
from chiso.units.models import AdministrativeUnit, Agency

from .models import Dialogue, Feedback, FeedbackCategory, ReceptionSession, RoutingRule
from .services import MAX_FILES, commitment_agencies, commitment_plans, ownership

# What a citizen may write and attach (the server checks the same: ``services.check_uploads``).
TEXT_LIMIT = 5000
FILE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf")

# The honeypot: a field people never see (hidden by CSS, skipped by screen readers) that bots fill in.
HONEYPOT = "website"
CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email", "contact_consent")


def contact_of(data) -> dict:
    """The contact details a citizen left on a form (those of ``CONTACT_FIELDS`` it has), as the services take them."""
    return {name: data[name] for name in CONTACT_FIELDS if name in data}


def accepted(form) -> bool:
    """Whether a citizen's form is valid and not a bot's. A filled honeypot is refused as if the form were
    incomplete, and nothing is stored: the bot learns nothing it could adapt to."""
    if form.is_bot:
        form.add_error(None, _("The form could not be accepted. Please check it and send it again."))
        return False
    return form.is_valid()


class FeedbackForm(ChisoForm):
    category = forms.ModelChoiceField(
        label=_("What is it about?"),
        queryset=FeedbackCategory.objects.filter(is_active=True),
        empty_label=_("— choose —"),
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        help_text=_(
            "The subject may be published with the answer, after the officers have reviewed it: do not write names, "
            "addresses or phone numbers in it."
        ),
    )
    text = forms.CharField(
        label=_("Your feedback"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    files = MultipleFileField(
        label=_("Photos or documents"),
        required=False,
        help_text=_("Up to 5 photos (JPEG, PNG, GIF, WebP) or PDF files, 5 MB each."),
    )
    # The form's one-time key (see ``services.submit_feedback``): drawn when the form is shown, sent back hidden.
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    contact_name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    contact_phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    contact_email = forms.EmailField(
        label=_("E-mail"), required=False, help_text=_("We send the tracking code to this address.")
    )
    contact_consent = forms.BooleanField(
        label=_(
            "I agree that the officers handling this feedback may use these contact details to reach me about it. "
            "They are never published."
        ),
        required=False,
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)
        # No maxlength on the text: a browser would cut a longer paste silently. The counter (feedback.js) shows
        # the count and says so at the limit; the server refuses a longer text with the form kept.
        self.fields["text"].widget.attrs.pop("maxlength", None)
        self.fields["text"].help_text = gettext(
            "What happened, where and when, in at most %(n)s characters. Do not write other people's personal "
            "details. This text is read by the officers only; it is not published."
        ) % {"n": f"{TEXT_LIMIT:,}".replace(",", ".")}
        self.fields["text"].widget.attrs.update({"data-limit": TEXT_LIMIT, "aria-describedby": "text-counter"})
        limit = settings.CHISO_UPLOAD_LIMITS.get("feedback", 5 * 1024 * 1024)
        self.fields["files"].widget.attrs.update(
            {
                "accept": ",".join(FILE_TYPES),
                "data-max-bytes": limit,
                "data-max-files": MAX_FILES,
                "data-types": ",".join(FILE_TYPES),
            }
        )
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_bot(self) -> bool:
        return bool((self.data.get(HONEYPOT) or "").strip())

    def clean(self):
        cleaned = super().clean()
        has_contact = any(cleaned.get(f) for f in ("contact_name", "contact_phone", "contact_email"))
        if has_contact and not cleaned.get("contact_consent"):
            self.add_error(
                "contact_consent", _("Tick the consent line to leave your contact details, or leave them empty.")
            )
        return cleaned


class LookupForm(StyledForm):
    code = forms.CharField(
        label=_("Tracking code"), max_length=20, widget=forms.TextInput(attrs={"autocapitalize": "characters"})
    )


class RatingForm(ChisoForm):
    rating = forms.TypedChoiceField(
        label=_("How useful was the answer?"),
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment (optional)"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].widget.attrs["class"] = "form-control"


class ResolutionForm(ChisoForm):
    resolved = forms.TypedChoiceField(
        label=_("Was the matter actually resolved?"),
        choices=[("yes", _("Yes, it was resolved")), ("no", _("No, not yet"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("If not, what is still wrong?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class RejectForm(StyledForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=Feedback.RejectReason.choices)
    note = forms.CharField(
        label=_("Explanation for the citizen"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MergeForm(StyledForm):
    into_code = forms.CharField(label=_("Tracking code of the item it duplicates"), max_length=20)


class TransferForm(StyledForm):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies


class AnswerForm(StyledForm):
    public_subject = forms.CharField(
        label=_("Public title"),
        max_length=200,
        required=False,
        help_text=_(
            "Published with the answer instead of the citizen's subject: no names, addresses or phone numbers. "
            "The leader approves or edits it."
        ),
    )
    answer = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Published as written, without the citizen's contact details. Do not name the citizen."),
    )


def personal_data_warning(findings) -> str:
    """What the official is told before publishing text that holds phone numbers or e-mail addresses."""
    return _(
        "Before publishing: the answer or the title contains what looks like personal data (%(found)s). A citizen's "
        "contact details are never published; remove them, or publish as written if they are an office's public "
        "contacts."
    ) % {"found": ", ".join(f.value for f in findings)}


class ApproveForm(AnswerForm):
    """The leader's approval: publishing text that holds a phone number or an e-mail address asks for one more tick
    (a warning, not a ban: an office's hotline may be meant)."""

    publish_anyway = forms.BooleanField(
        label=_("Publish as written: these are public contacts, not a citizen's"), required=False
    )

    def __init__(self, *args, subject="", **kwargs):
        super().__init__(*args, **kwargs)
        self.subject = subject
        answer = self.data.get(self.add_prefix("answer")) if self.is_bound else self.initial.get("answer")
        title = (
            self.data.get(self.add_prefix("public_subject")) if self.is_bound else self.initial.get("public_subject")
        )
        self.findings = personal.find_in(subject=title if title is not None else subject, answer=answer or "")
        if not self.findings:
            self.fields["publish_anyway"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        if self.findings and not data.get("publish_anyway"):
            self.add_error("publish_anyway", personal_data_warning(self.findings))
        return data


class ReasonForm(ChisoForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))


class CaseForm(StyledForm):
    """A case heard at a reception session, or a question raised at a dialogue."""

    category = forms.ModelChoiceField(label=_("Category"), queryset=FeedbackCategory.objects.filter(is_active=True))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 4}))
    contact_name = forms.CharField(label=_("Citizen's name"), max_length=150, required=False)
    contact_phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    contact_consent = forms.BooleanField(label=_("The citizen agreed to be contacted"), required=False)


class ResultsForm(StyledForm):
    results = forms.CharField(label=_("Results"), widget=forms.Textarea(attrs={"rows": 6}))
    published_on = forms.DateField(label=_("Results published on"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])


class CommitmentForm(ChisoForm):
    text = forms.CharField(label=_("Commitment"), widget=forms.Textarea(attrs={"rows": 3}))
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=None)
    agency = forms.ModelChoiceField(label=_("Lead agency"), queryset=Agency.objects.none())
    due_on = forms.DateField(label=_("Due"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])

    def __init__(self, *args, dialogue=None, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = commitment_plans(dialogue)
        self.fields["agency"].queryset = commitment_agencies(dialogue)
        style(self)


def _scoped_units(model, action="add"):
    def units(user):
        return AdministrativeUnit.objects.exclude(level="village").filter(policy.units_where(user, action, model))

    return units


def _visible_agencies(user):
    return policy.scope(user, "view", Agency.objects.select_related("unit"))


class _UnitScopedForm(ChisoModelForm):
    """The unit is picked by name or official code (``chiso.units.pickers``) among the units where the user may
    take ``unit_action`` on this model."""

    takes_user = True
    unit_action = "add"
    picker = ""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

        units = _scoped_units(self._meta.model, self.unit_action)(user)
        pickers.use_picker(self, "unit", f"{self.picker}-unit", user=user, queryset=units)
        if "agency" in self.fields:
            pickers.use_picker(self, "agency", f"{self.picker}-agency", user=user, queryset=_visible_agencies(user))
        style(self)


pickers.register("routing-rule-unit", AdministrativeUnit, _scoped_units(RoutingRule))
pickers.register("routing-rule-agency", Agency, _visible_agencies)
pickers.register("reception-unit", AdministrativeUnit, _scoped_units(ReceptionSession))
pickers.register("dialogue-unit", AdministrativeUnit, _scoped_units(Dialogue))


class RoutingRuleForm(_UnitScopedForm):
    picker = "routing-rule"

    class Meta:
        model = RoutingRule
        fields = ["unit", "category", "agency"]

    def clean_agency(self):
        agency = self.cleaned_data.get("agency")
        if agency is not None and not ownership.is_staffed(agency):
            raise forms.ValidationError(
                _(
                    "%(agency)s has no active staff in the system: feedback sent there would be read by nobody. "
                    "Give the agency an officer first, or choose another."
                )
                % {"agency": agency},
                code="no_staff",
            )
        return agency


class ReceptionSessionForm(_UnitScopedForm):
    picker = "reception"

    class Meta:
        model = ReceptionSession
        fields = ["unit", "leader_name", "leader_title", "date", "start_time", "end_time", "place", "status", "notes"]


class DialogueForm(_UnitScopedForm):
    picker = "dialogue"

    class Meta:
        model = Dialogue
        fields = ["unit", "title", "date", "place", "chair", "participants", "notice_published_on", "status"]
        widgets = {"participants": forms.Textarea(attrs={"rows": 3})}


class FeedbackCategoryForm(StyledModelForm):
    class Meta:
        model = FeedbackCategory
        fields = ["code", "name", "dimension_code", "acknowledge_days", "answer_days", "position", "is_active"]
