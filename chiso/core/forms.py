"""Form base classes: NFC-normalised text, the version a form loaded, date widgets in dd/mm/yyyy."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chiso.lib.text import clean_text, nfc


class ChisoFormMixin:
    """Normalise every text value to NFC; single-line fields also lose stray whitespace (PDF pastes)."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                widget = self.fields[name].widget if name in self.fields else None
                cleaned[name] = nfc(value) if isinstance(widget, forms.Textarea) else clean_text(value)
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
                field.widget = forms.DateInput(
                    format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric"}
                )
                field.input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
