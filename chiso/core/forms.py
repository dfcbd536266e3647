"""Form base classes: NFC-normalised text, the version a form loaded, date widgets in dd/mm/yyyy, Bootstrap classes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chiso.lib.text import clean_text, nfc

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def date_widget():
    """A date typed as dd/mm/yyyy (the numeric keyboard on a phone)."""
    return forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric"})


def date_field(label, required=True, initial=None, help_text=""):
    """A date field that reads dd/mm/yyyy (and ISO) and shows dd/mm/yyyy."""
    return forms.DateField(
        label=label,
        required=required,
        initial=initial,
        help_text=help_text,
        input_formats=DATE_FORMATS,
        widget=date_widget(),
    )


def style(form):
    """The house's Bootstrap 5 classes on every widget of ``form`` that has none yet: a select, a check box, any
    other input. Radio buttons and check-box lists are laid out by their templates; hidden inputs need none."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.HiddenInput, forms.RadioSelect)):  # RadioSelect: CheckboxSelectMultiple too
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):  # SelectMultiple too
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")
        if isinstance(widget, forms.Textarea) and str(widget.attrs.get("rows")) == "10":
            widget.attrs["rows"] = TEXTAREA_ROWS  # Django's default of 10 rows pushes the form's buttons off a phone
    return form


# A text box opens with four lines and grows by the user's hand (a form that wants another height says so).
TEXTAREA_ROWS = 4


class ChisoFormMixin:
    """Every widget styled (:func:`style`: a field added by hand, a date box, looks like the others); every text
    value normalised to NFC; single-line fields also lose stray whitespace (PDF pastes)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                widget = self.fields[name].widget if name in self.fields else None
                if isinstance(widget, forms.Textarea):
                    # a browser sends a text box's lines as "\r\n": stored as "\n", an unchanged text is no change
                    cleaned[name] = nfc(value.replace("\r\n", "\n"))
                else:
                    cleaned[name] = clean_text(value)
        return cleaned


class ChisoForm(ChisoFormMixin, forms.Form):
    pass


class ChisoModelForm(ChisoFormMixin, forms.ModelForm):
    """A ModelForm that carries the version it loaded, so a second writer gets a conflict, not an overwrite."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and hasattr(self.instance, "version") and not self.is_bound:
            self.fields["loaded_version"].initial = self.instance.version
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = date_widget()
                field.input_formats = DATE_FORMATS
        style(self)  # the date boxes just made


# Every Chỉ Số form is styled (:class:`ChisoFormMixin`); the apps' forms import these names, which say so.
StyledForm = ChisoForm
StyledModelForm = ChisoModelForm
