"""Pickers for units and agencies: no form asks a user for a database id (issue 14).

A unit or agency field becomes a search box and a select of "the relevant few" (the chosen one, the actor's own
units and those just below). With JavaScript, htmx refills the select as the user types (name or official code,
accent-insensitive, current units first); without it, the typed text is sent with the form and resolved there: one
match is taken, none or several is a clear error with the matches offered. An official code is compared with
``code`` only, never with the primary key: typing 747 can no longer pick the unit whose *id* is 747.

What a picker may offer is named once, by the form's app: ``register("plans.plan_unit", plan_units)`` where
``plan_units(user)`` returns the queryset the form offers and the service accepts; the search endpoint
(``units:unit_pick`` / ``units:agency_pick``) recomputes it from the requesting user, so a search never reaches a
row the form would refuse.

Lead and coordinating agencies of a task take :class:`AgencyMultiPicker`: check boxes grouped by unit with a filter
box, and "UBND các xã, phường (10)" as one entry standing for the committees of all the communes below.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from chiso.core.permissions import ALL_ROLES, policy
from chiso.lib import tree
from chiso.lib.text import fold

from .models import AdministrativeUnit, Agency

FEW = 30  # options in the plain select
FOUND = 20  # options a search returns
ALL_COMMUNES = "communes"  # the multi-picker's value for "UBND các xã, phường"

_scopes: dict[str, tuple[type, Callable]] = {}


def register(name: str, model: type, choices: Callable) -> None:
    """Declare picker ``name``: ``choices(user)`` is the queryset of ``model`` (a unit or an agency) it offers."""
    _scopes[name] = (model, choices)


def scope(name: str):
    """(model, choices) of a registered picker; the forms' modules register them when they are imported."""
    if name not in _scopes:
        autodiscover_modules("forms")  # the endpoint may be reached before any form module was imported
    return _scopes[name]


# --- labels and search ---------------------------------------------------------------------------------------
def _short(unit) -> str:
    if unit.short_name:
        return unit.short_name
    if unit.kind and unit.name.startswith(unit.kind + " "):
        return unit.name[len(unit.kind) + 1 :]
    for prefix in ("Tỉnh ", "Thành phố "):
        if unit.name.startswith(prefix):
            return unit.name[len(prefix) :]
    return unit.name


def unit_label(unit) -> str:
    """ "Phường Bạch Sam — Thị xã Mỹ Hào, Hưng Yên": the unit, its district and province (parents select_related)."""
    parent = unit.parent
    if parent is None:
        where = ""
    elif parent.parent is None:
        where = _short(parent)
    else:
        where = f"{parent.name}, {_short(parent.parent)}"
    label = f"{unit.name} — {where}" if where else unit.name
    if unit.era == AdministrativeUnit.Era.LEGACY:
        label += " " + str(_("(before 1/7/2025)"))
    return label


def _units(qs):
    return qs.select_related("parent__parent").ranked()


def search_units(qs, text: str):
    """Units of ``qs`` whose official code is ``text`` or whose name holds every word of it (accents ignored),
    in the order of ``UnitQuerySet.search`` and ``ranked``: the code first, then the typed words as a phrase, as
    whole words, then as fragments ("hưng yên" lists Tỉnh Hưng Yên before Xã Hưng Nguyên); within each, current
    units first."""
    text = (text or "").strip()
    if not text:
        return qs.none()
    return _units(qs.search(text))


def successors_instead(qs, text: str):
    """When nothing of ``qs`` matches ``text``: the first unit that ceased (a legacy unit, "bach sam") matching it,
    and those of its successors that ``qs`` offers — ``(None, [])`` when there is none."""
    for unit in search_units(AdministrativeUnit.objects.filter(valid_to__isnull=False), text)[:5]:
        successors = list(_units(qs.filter(pk__in=unit.current_successors().values("pk"))))
        if successors:
            return unit, successors
    return None, []


def search_agencies(qs, text: str):
    """Agencies of ``qs`` whose name (or their unit's name) holds every word of ``text``; or of the unit coded so."""
    text = (text or "").strip()
    if not text:
        return qs.none()
    if text.isdigit():
        qs = qs.filter(unit__code=text)
    else:
        for word in fold(text).split():
            qs = qs.filter(Q(name_folded__contains=word) | Q(unit__name_folded__contains=word))
    return _agencies(qs)


def _agencies(qs):
    return qs.select_related("unit__parent__parent").order_by("unit__path", "name")


def few_units(qs, user, chosen=None):
    """The plain select's options: the chosen unit, then the actor's own units and those just below."""
    rows = []
    if chosen is not None:
        rows = list(_units(qs.filter(pk=chosen)))
    paths = policy.unit_paths(user, ALL_ROLES)
    if paths:
        near = qs.filter(tree.subtree_q(paths)).filter(depth__lte=max(p.count(".") for p in paths) + 1)
    else:
        near = qs.filter(depth__lte=1)
    for unit in _units(near)[:FEW]:
        if unit not in rows:
            rows.append(unit)
    return rows


def few_agencies(qs, user, chosen=None):
    rows = list(_agencies(qs.filter(pk__in=chosen))) if chosen else []
    paths = policy.unit_paths(user, ALL_ROLES)
    near = qs.filter(tree.subtree_q(paths, "unit")) if paths else qs
    for agency in _agencies(near)[:FEW]:
        if agency not in rows:
            rows.append(agency)
    return rows


def agency_groups(agencies):
    """``[(unit label, [agency, …]), …]`` in the order given (agencies with ``unit__parent__parent`` loaded)."""
    groups: list[tuple[str, list]] = []
    for agency in agencies:
        label = unit_label(agency.unit)
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(agency)
    return groups


# --- the widgets and fields ----------------------------------------------------------------------------------
class Typed(str):
    """What the user typed in a picker's search box when nothing was chosen in its select (no JavaScript)."""


class _Picker(forms.Widget):
    template_name = "units/widgets/picker.html"
    kind = "unit"

    def __init__(self, attrs=None):
        super().__init__({"class": "form-select", **(attrs or {})})
        self.scope_name = ""
        self.user = None
        self.queryset = None
        self.found = None  # matches of the typed text, offered after a failed resolution

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        typed = (data.get(f"{name}__q") or "").strip()
        if not value and typed:
            return Typed(typed)
        return value

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}__q" not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        typed = value if isinstance(value, Typed) else ""
        chosen = None if typed or value in (None, "") else value
        if isinstance(chosen, (AdministrativeUnit, Agency)):
            chosen = chosen.pk
        if chosen is not None and not str(chosen).isdigit():
            chosen = None  # a forged value: shown as nothing chosen, never looked up
        options = self.found if self.found is not None else self.options(chosen)
        widget = context["widget"]
        widget.update(
            kind=self.kind,
            typed=typed,
            chosen=str(chosen) if chosen is not None else "",
            search_url=reverse(f"units:{self.kind}_pick", args=[self.scope_name]),
            groups=self.groups(options),
        )
        return context


class UnitPicker(_Picker):
    kind = "unit"

    def options(self, chosen):
        return few_units(self.queryset, self.user, chosen)

    def groups(self, options):
        return [("", [(str(u.pk), unit_label(u)) for u in options])]


class AgencyPicker(_Picker):
    kind = "agency"

    def options(self, chosen):
        return few_agencies(self.queryset, self.user, [chosen] if chosen else None)

    def groups(self, options):
        return [(label, [(str(a.pk), a.name) for a in rows]) for label, rows in agency_groups(options)]


class _PickerField(forms.ModelChoiceField):
    widget_class = UnitPicker
    search = staticmethod(search_units)
    not_found = _("No unit has the code or name “%(text)s” here. Type part of its name or its official code.")
    several = _("%(n)s units match “%(text)s”: choose one in the list.")

    def __init__(self, queryset, *, scope_name: str, user, **kwargs):
        kwargs.setdefault("widget", self.widget_class())
        super().__init__(queryset, **kwargs)
        self.error_messages["invalid_choice"] = _(
            "This choice is not available here. Type part of its name or its official code in the search box."
        )
        self.widget.scope_name, self.widget.user, self.widget.queryset = scope_name, user, self.queryset

    def to_python(self, value):
        if isinstance(value, Typed):
            found = list(self.search(self.queryset, value)[: FOUND + 1])
            if len(found) == 1:
                return found[0]
            self.widget.found = found[:FOUND] or None  # nothing found: the relevant few again
            message = self.several if found else self.not_found
            raise ValidationError(
                message,
                code="not_found" if not found else "several",
                params={"text": value, "n": len(found) if len(found) <= FOUND else f"{FOUND}+"},
            )
        return super().to_python(value)


class UnitPickerField(_PickerField):
    widget_class = UnitPicker


class AgencyPickerField(_PickerField):
    widget_class = AgencyPicker
    search = staticmethod(search_agencies)
    not_found = _("No agency matches “%(text)s” here. Type part of its name or of its unit's name.")
    several = _("%(n)s agencies match “%(text)s”: choose one in the list.")


def use_picker(form, name: str, scope_name: str, *, user, queryset=None):
    """Replace ``form.fields[name]`` (a unit or agency choice) with a picker of the registered ``scope_name``;
    the queryset stays the form's own (or ``queryset``), which is what the service accepts too."""
    old = form.fields[name]
    model, choices = scope(scope_name)
    queryset = queryset if queryset is not None else old.queryset
    field_class = UnitPickerField if model is AdministrativeUnit else AgencyPickerField
    field = field_class(
        queryset,
        scope_name=scope_name,
        user=user,
        required=old.required,
        label=old.label,
        help_text=_("Type part of the name or the official code, then choose.")
        if model is AdministrativeUnit
        else _("Type part of the agency's name or of its unit's name, then choose."),
        initial=old.initial,
    )
    form.fields[name] = field
    return field


class AgencyMultiPicker(forms.CheckboxSelectMultiple):
    """Check boxes grouped by unit, a filter box (static/js/chiso.js), and "UBND các xã, phường (N)" as one entry."""

    template_name = "units/widgets/agency_multi_picker.html"

    def id_for_label(self, id_, index=None):
        return f"{id_}__filter" if id_ and index is None else super().id_for_label(id_, index)

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.communes_label = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = {str(v) for v in (value or [])}
        agencies = list(_agencies(self.choices.queryset))
        context["widget"].update(
            communes_label=self.communes_label,
            communes_value=ALL_COMMUNES,
            communes_checked=ALL_COMMUNES in chosen,
            unit_groups=[
                (label, [(str(a.pk), a.name, str(a.pk) in chosen) for a in rows])
                for label, rows in agency_groups(agencies)
            ],
        )
        return context


class AgencyMultiPickerField(forms.ModelMultipleChoiceField):
    """Several agencies, where ``communes`` (the committees of the communes below the plan's unit) counts as one."""

    widget = AgencyMultiPicker

    def __init__(self, queryset, *, communes=None, **kwargs):
        super().__init__(queryset, **kwargs)
        self.set_communes(communes or [])

    def set_communes(self, communes):
        self.communes = list(communes)
        self.widget.communes_label = (
            _("People's Committees of all the communes (%(n)s)") % {"n": len(self.communes)}
            if len(self.communes) > 1
            else ""
        )

    def clean(self, value):
        value = list(value or [])
        expand = ALL_COMMUNES in value and len(self.communes) > 1
        value = [v for v in value if v != ALL_COMMUNES]
        if expand:
            value += [str(a.pk) for a in self.communes if str(a.pk) not in value]
        return super().clean(value)

    def prepare_initial(self, ids):
        """The initial ids with the communes' committees folded into the one entry when all of them are there."""
        ids = [str(i) for i in ids]
        commune_ids = {str(a.pk) for a in self.communes}
        if len(commune_ids) > 1 and commune_ids <= set(ids):
            return [ALL_COMMUNES, *[i for i in ids if i not in commune_ids]]
        return ids


class UnitMultiPicker(forms.CheckboxSelectMultiple):
    """Several units below one (a plan's pilot hamlets and villages: ấp, khóm, thôn, tổ dân phố): check boxes
    grouped by the unit above them, with the same filter box as the agency multi-picker; no id is ever typed."""

    template_name = "units/widgets/unit_multi_picker.html"

    def id_for_label(self, id_, index=None):
        return f"{id_}__filter" if id_ and index is None else super().id_for_label(id_, index)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = {str(v) for v in (value or [])}
        groups: list[tuple[str, list]] = []
        for unit in self.choices.queryset.select_related("parent__parent__parent").order_by("path"):
            label = unit_label(unit.parent) if unit.parent_id else ""
            if not groups or groups[-1][0] != label:
                groups.append((label, []))
            groups[-1][1].append((str(unit.pk), unit.name, str(unit.pk) in chosen))
        context["widget"]["unit_groups"] = groups
        return context


class UnitMultiPickerField(forms.ModelMultipleChoiceField):
    widget = UnitMultiPicker

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("help_text", _("Tick the units; the box above the list filters them by name."))
        super().__init__(queryset, **kwargs)
        self.error_messages["invalid_choice"] = _("%(value)s is not one of the units offered here.")
