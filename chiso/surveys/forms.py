"""Forms of the surveys' pages: shape only; what an actor may name is checked by the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chiso.units.models import AdministrativeUnit

from .models import CollectionPoint, Question, Survey, SurveyTemplate
from .relevance import is_relevant


class Styled:
    """Bootstrap classes on the widgets (the house's pages are Bootstrap 5)."""

    def style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SurveyCreateForm(Styled, forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=AdministrativeUnit.objects.none())
    template = forms.ModelChoiceField(
        label=_("Start from a template"),
        queryset=SurveyTemplate.objects.all(),
        required=False,
        empty_label=_("— no template: write the questions —"),
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False,
                            help_text=_("Left blank: the template's title."))  # fmt: skip
    opens_on = forms.DateField(label=_("Opens on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Closes on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            units.order_by("depth", "name") if units is not None else self.fields["unit"].queryset
        )
        if units is not None and units.count() == 1:
            self.initial.setdefault("unit", units.first())
        self.style()

    def clean(self):
        data = super().clean()
        if not data.get("title") and not data.get("template"):
            self.add_error("title", _("Give the survey a title, or pick a template."))
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The closing date is before the opening date."))
        return data


class SurveyForm(Styled, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Survey
        fields = [
            "title",
            "title_en",
            "description",
            "opens_on",
            "closes_on",
            "min_sample",
            "results_public",
            "previous",
            "weight_question",
            "weight_shares",
        ]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        survey = self.instance
        self.fields["previous"].queryset = Survey.objects.filter(unit=survey.unit).exclude(pk=survey.pk)
        self.fields["weight_shares"].help_text = _('Population share of each answer, e.g. {"nam": 49, "nu": 51}.')
        self.fields["weight_shares"].required = False
        self.initial.setdefault("version", survey.version)
        self.style()

    def clean(self):
        data = super().clean()
        name = data.get("weight_question")
        if name:
            question = self.instance.questions.filter(name=name).first()
            if question is None or question.kind != Question.Kind.SINGLE:
                self.add_error("weight_question", _("Name a single-choice question of this survey (e.g. sex)."))
            shares = data.get("weight_shares") or {}
            if not isinstance(shares, dict) or not shares:
                self.add_error("weight_shares", _("Give the population share of each answer."))
            else:
                try:
                    bad = [k for k, v in shares.items() if float(v) < 0]
                except (TypeError, ValueError):
                    bad = ["?"]
                if bad:
                    self.add_error("weight_shares", _("Shares are numbers of zero or more."))
        return data


class ChoicesField(forms.CharField):
    """Choices typed one a line: ``name | label | English label | score``."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                " | ".join(str(c.get(k, "")) for k in ("name", "label", "label_en", "score")).rstrip(" |")
                for c in value
            )
        return value

    def to_python(self, value):
        value = super().to_python(value)
        choices = []
        for number, line in enumerate((value or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            choice = {"name": parts[0], "label": parts[1] if len(parts) > 1 and parts[1] else parts[0]}
            if len(parts) > 2 and parts[2]:
                choice["label_en"] = parts[2]
            if len(parts) > 3 and parts[3]:
                try:
                    choice["score"] = float(parts[3].replace(",", "."))
                except ValueError:
                    raise forms.ValidationError(
                        _("Line %(line)s: the score “%(value)s” is not a number.") % {"line": number, "value": parts[3]}
                    ) from None
            choices.append(choice)
        return choices


class QuestionForm(Styled, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    choices = ChoicesField(
        label=_("Choices"),
        required=False,
        help_text=_("One a line: name | label | English label | score 0–100 (the score is optional)."),
    )

    class Meta:
        model = Question
        fields = ["section", "name", "kind", "label", "label_en", "required", "relevant", "choices", "factor",
                  "papi_code"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)
        self.style()


class PointForm(Styled, forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=AdministrativeUnit.objects.none())
    name = forms.CharField(
        label=_("Service point"), max_length=200, required=False,
        help_text=_("e.g. Bộ phận một cửa, Trạm y tế; blank: the unit as a whole."),
    )  # fmt: skip
    quota = forms.IntegerField(label=_("Quota (responses)"), min_value=0, max_value=100000, initial=0)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("depth", "name")
        self.style()


class UploadForm(Styled, forms.Form):
    file = forms.FileField(label=_("File (.xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


def answer_fields(questions, *, data=None):
    """A field per question for the public form and the paper entry (what they show; the service validates)."""
    fields = {}
    for q in questions:
        label = q.label
        options = [(str(o["name"]), o["label"]) for o in q.option_list()]
        if q.kind in (Question.Kind.LIKERT, Question.Kind.SINGLE):
            field = forms.ChoiceField(label=label, choices=options, widget=forms.RadioSelect, required=False)
        elif q.kind == Question.Kind.MULTIPLE:
            field = forms.MultipleChoiceField(
                label=label, choices=options, widget=forms.CheckboxSelectMultiple, required=False
            )
        elif q.kind == Question.Kind.NUMBER:
            field = forms.CharField(label=label, required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
        elif q.kind == Question.Kind.DATE:
            field = forms.CharField(
                label=label, required=False, widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"})
            )
        else:
            field = forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}))
        field.question = q
        fields[q.name] = field
    return fields


class AnswerForm(forms.Form):
    """The questions of a survey as a form; ``raw()`` is what the service cleans."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.fields.update(answer_fields(questions))

    def raw(self) -> dict:
        out = {}
        for q in self.questions:
            if q.kind == Question.Kind.MULTIPLE:
                out[q.name] = self.data.getlist(q.name) if hasattr(self.data, "getlist") else self.data.get(q.name)
            else:
                out[q.name] = self.data.get(q.name, "")
        return out

    def shown(self, answers) -> list:
        """The bound fields with whether their condition holds for ``answers`` (a skipped question is greyed)."""
        return [(self[q.name], q, is_relevant(q.relevant, answers)) for q in self.questions]


def points_offered(survey):
    return CollectionPoint.objects.filter(survey=survey).select_related("unit").order_by("unit__name", "name")
