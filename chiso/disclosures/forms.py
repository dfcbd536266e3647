"""Disclosure forms: shape validation only; what may be referenced and every rule is checked by the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chiso.core.forms import ChisoModelForm, StyledForm, date_field, style
from chiso.core.permissions import policy
from chiso.plans.forms import MultipleFileField
from chiso.units.models import AdministrativeUnit

from .models import TYPE_FIELDS, DisclosureType, Place

PLACE_ROWS = 5


class DisclosureTypeForm(ChisoModelForm):
    """A rule: the unit is picked among the provinces and districts where the user keeps rules (a national rule,
    with no unit, is the administrator's)."""

    takes_user = True
    places = forms.MultipleChoiceField(
        label=_("Required places"), choices=Place.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = DisclosureType
        fields = TYPE_FIELDS
        widgets = {"content": forms.Textarea(attrs={"rows": 2}), "legal_basis": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["unit"].queryset = AdministrativeUnit.objects.filter(level__in=["province", "district"]).filter(
            policy.units_where(user, action, DisclosureType)
        )
        self.fields["unit"].required = not policy.is_admin(user)
        style(self)

    def clean_places(self):
        places = self.cleaned_data.get("places") or []
        if not places:
            raise forms.ValidationError(_("Choose at least one place where this is posted."), code="no_places")
        return list(places)


class EventForm(StyledForm):
    """Record the event that makes a unit post (the unit is the one the page is about)."""

    type = forms.ModelChoiceField(label=_("Disclosure type"), queryset=DisclosureType.objects.none())
    event = forms.CharField(
        label=_("What happened"),
        max_length=300,
        help_text=_("e.g. Kết luận thanh tra số 12/KL-TTr ngày 05/3/2025 của Thanh tra thị xã"),
    )
    trigger_on = date_field(_("Date of the event"))

    def __init__(self, *args, rules=None, **kwargs):
        super().__init__(*args, **kwargs)
        if rules is not None:
            self.fields["type"].queryset = rules


class PostingForm(StyledForm):
    title = forms.CharField(label=_("Document posted"), max_length=300)
    reference = forms.CharField(
        label=_("Reference"),
        max_length=300,
        required=False,
        help_text=_("Number and date of the document, or a link to it."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    documents = MultipleFileField(label=_("The document (PDF, Word, Excel, photo)"), required=False)


class PlaceForm(StyledForm):
    """One place of a posting; a row left empty is skipped."""

    kind = forms.ChoiceField(label=_("Place"), choices=[("", "—"), *Place.choices], required=False)
    name = forms.CharField(label=_("Where exactly"), max_length=200, required=False)
    url = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    posted_from = date_field(_("Posted from"), required=False)
    posted_to = date_field(_("Posted to"), required=False)
    reason = forms.CharField(label=_("Why it came down early"), max_length=500, required=False)
    photo = forms.FileField(label=_("Dated photo"), required=False)
    taken_on = date_field(_("Photo taken on"), required=False)

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in ("kind", "name", "url", "posted_from", "posted_to", "photo"))

    def values(self) -> dict:
        return dict(self.cleaned_data)


class TakeDownForm(StyledForm):
    posted_to = date_field(_("Taken down on"))
    reason = forms.CharField(label=_("Why it came down early"), max_length=500, required=False)
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PhotoForm(StyledForm):
    photo = forms.FileField(label=_("Dated photo"))
    taken_on = date_field(_("Photo taken on"))


class DocumentForm(StyledForm):
    document = forms.FileField(label=_("Document"))


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class NotPostedForm(StyledForm):
    """A citizen's report that a document is not posted where the record says it is (no account needed)."""

    text = forms.CharField(
        label=_("What you saw (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact_name = forms.CharField(label=_("Your name (optional)"), max_length=150, required=False)
    contact_phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    contact_email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    contact_consent = forms.BooleanField(label=_("I agree to be contacted about this report"), required=False)
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # honeypot: people leave it empty

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))
