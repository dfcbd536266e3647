from django import forms
from django.utils.translation import gettext_lazy as _

from chiso.core.forms import ChisoModelForm, style
from chiso.core.permissions import policy

from . import pickers
from .models import AdministrativeUnit, Agency


def agency_units(user):
    """Where ``user`` may add an agency (administrators: everywhere)."""
    return AdministrativeUnit.objects.filter(policy.units_where(user, "add", Agency))


def agency_parents(user):
    return Agency.objects.filter(policy.units_where(user, "add", Agency, "unit"))


def any_unit(user):
    return AdministrativeUnit.objects.all()


pickers.register("agency-unit", AdministrativeUnit, agency_units)
pickers.register("agency-parent", Agency, agency_parents)
pickers.register("unit-parent", AdministrativeUnit, any_unit)


class AgencyForm(ChisoModelForm):
    aliases_text = forms.CharField(
        label=_("Other names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("One per line: the names documents use for this agency (e.g. “Phòng VH&TT”)."),
    )

    class Meta:
        model = Agency
        fields = ["name", "short_name", "kind", "unit", "parent", "email", "phone", "is_active"]

    takes_user = True

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        pickers.use_picker(self, "unit", "agency-unit", user=user, queryset=agency_units(user))
        pickers.use_picker(self, "parent", "agency-parent", user=user, queryset=agency_parents(user))
        self.fields["aliases_text"].initial = "\n".join(self.instance.aliases or [])
        style(self)

    def clean(self):
        cleaned = super().clean()
        aliases = [line.strip() for line in (cleaned.get("aliases_text") or "").splitlines() if line.strip()]
        self.instance.aliases = list(dict.fromkeys(aliases))
        parent, unit = cleaned.get("parent"), cleaned.get("unit")
        if parent and unit and parent.unit_id != unit.pk:
            self.add_error("parent", _("The parent agency must belong to the same unit."))
        return cleaned


class UnitForm(ChisoModelForm):
    class Meta:
        model = AdministrativeUnit
        fields = ["era", "code", "name", "short_name", "kind", "level", "parent", "valid_from", "valid_to"]

    takes_user = True

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        pickers.use_picker(self, "parent", "unit-parent", user=user, queryset=any_unit(user))
        style(self)

    def clean(self):
        cleaned = super().clean()
        parent, level, era = cleaned.get("parent"), cleaned.get("level"), cleaned.get("era")
        if parent and level and AdministrativeUnit.LEVEL_DEPTH[level] <= parent.depth:
            self.add_error("level", _("A unit must be at a lower level than its parent."))
        if parent and era and parent.era != era:
            self.add_error("parent", _("The parent unit belongs to the other hierarchy."))
        if not parent and level and level != AdministrativeUnit.Level.PROVINCE:
            self.add_error("parent", _("Only a province may have no parent unit."))
        return cleaned
