from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from chiso.core.forms import ChisoModelForm, style
from chiso.core.permissions import policy
from chiso.lib.ratelimit import client_address
from chiso.units import pickers
from chiso.units.models import Agency

from . import throttle
from .models import Membership, User


class LoginForm(AuthenticationForm):
    """Django's login form, refusing further tries after repeated failures (chiso/accounts/throttle.py)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong username or password. Note that the password is case-sensitive."),
        "throttled": _(
            "Too many failed attempts for this account. Please wait %(minutes)s minutes and try again, "
            "or ask the administrator."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"class": "form-control", "autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"class": "form-control", "autocomplete": "current-password"})

    def clean(self):

        username = self.data.get("username", "")
        ip = client_address(self.request) if self.request else ""
        wait = throttle.seconds_until_allowed(username, ip)
        if wait:
            raise forms.ValidationError(
                self.error_messages["throttled"], code="throttled", params={"minutes": throttle.wait_text(wait)}
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.register_failure(username, ip)
            raise
        throttle.reset_failures(username, ip)
        return cleaned


class UserForm(ChisoModelForm):
    password = forms.CharField(
        label=_("New password"),
        required=False,
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
        help_text=_("Leave empty to keep the current password."),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "position", "email", "phone", "is_active", "is_superuser"]
        labels = {"is_superuser": _("System administrator")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)
        if self.instance.pk is None:
            self.fields["password"].required = True
            self.fields["password"].help_text = ""

    def clean_password(self):

        password = self.cleaned_data.get("password")
        if password:
            validate_password(password, self.instance)
        return password

    def save(self, commit=True):
        user = super().save(commit=False)
        if self.cleaned_data.get("password"):
            user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
        return user


def membership_agencies(user):
    """Agencies in which ``user`` may grant roles (administrators only, for now: the policy says so)."""
    return Agency.objects.filter(policy.units_where(user, "add", Membership, "unit"))


pickers.register("membership-agency", Agency, membership_agencies)


class MembershipForm(ChisoModelForm):
    class Meta:
        model = Membership
        fields = ["user", "agency", "role", "is_active"]

    takes_user = True

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A search picker: a select of every agency of the country would be tens of thousands of options.
        pickers.use_picker(self, "agency", "membership-agency", user=user, queryset=membership_agencies(user))
        style(self)
