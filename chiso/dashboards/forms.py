"""The scorecard's form: the unit (a new scorecard's, by the search picker), name, rated level, a weight and a
minimum per criterion in whole per cent, the two thresholds. Shape only; the unit is checked by the policy in the
service (``create_object``) as the picker's choices are."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from chiso.core.permissions import policy
from chiso.units import pickers
from chiso.units.models import AdministrativeUnit

from .models import Scorecard
from .scorecards import CRITERIA


def scorecard_units(user):
    """The units for which the user may set up a scorecard (the standing body of the unit and above)."""
    units = AdministrativeUnit.objects.exclude(level=AdministrativeUnit.Level.VILLAGE)
    return units.filter(policy.units_where(user, "add", Scorecard))


pickers.register("scorecard-unit", AdministrativeUnit, scorecard_units)


def _percent(value):
    """30.0 → 30 (shown "30", not "30,0"); a fractional weight keeps its decimals."""
    if value is None:
        return None
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else value.normalize()


class ScorecardForm(forms.ModelForm):
    class Meta:
        model = Scorecard
        fields = ["unit", "name", "level", "reward_from", "remind_below"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["unit"]  # a scorecard stays with its unit
        else:
            pickers.use_picker(self, "unit", "scorecard-unit", user=user, queryset=scorecard_units(user))
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Left empty, the scorecard is named after its unit.")
        for name in ("reward_from", "remind_below"):
            self.initial[name] = _percent(self.initial.get(name))
        current = {c["key"]: c for c in (self.instance.criteria or [])}
        for key, criterion in CRITERIA.items():
            entry = current.get(key, {})
            self.fields[f"weight_{key}"] = forms.DecimalField(
                label=_("%(c)s — weight (%%)") % {"c": criterion.label},
                min_value=Decimal(0),
                max_value=Decimal(100),
                decimal_places=2,
                initial=_percent(entry.get("weight", 0)),
                help_text=criterion.explanation,
            )
            self.fields[f"minimum_{key}"] = forms.DecimalField(
                label=_("%(c)s — minimum (%%)") % {"c": criterion.label},
                min_value=Decimal(0),
                max_value=Decimal(100),
                decimal_places=2,
                required=False,
                initial=_percent(entry.get("minimum")),
            )
        for name, field in self.fields.items():
            if name == "unit":
                continue
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )

    def clean(self):
        data = super().clean()
        weights = [data.get(f"weight_{key}") for key in CRITERIA]
        if all(w is not None for w in weights) and sum(weights) != 100:
            raise forms.ValidationError(
                _("The weights add up to %(n)s: make them add up to 100."), params={"n": sum(weights)}, code="weights"
            )
        reward, remind = data.get("reward_from"), data.get("remind_below")
        if reward is not None and remind is not None and remind > reward:
            self.add_error("remind_below", _("The score under which a unit is reminded is above the reward's."))
        return data

    def criteria(self) -> list[dict]:
        rows = []
        for key in CRITERIA:
            weight = self.cleaned_data[f"weight_{key}"]
            if weight:
                minimum = self.cleaned_data.get(f"minimum_{key}")
                rows.append(
                    {"key": key, "weight": float(weight), "minimum": float(minimum) if minimum is not None else None}
                )
        return rows
