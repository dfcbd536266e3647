from django.utils.translation import gettext as _

from chiso.core.forms import ChisoModelForm, style

from .models import Indicator, SubDimension


class IndicatorForm(ChisoModelForm):
    class Meta:
        model = Indicator
        fields = ["dimension", "subdimension", "code", "name_vi", "name_en", "official_wording", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subdimension"].queryset = SubDimension.objects.select_related("dimension")
        style(self)

    def clean(self):

        cleaned = super().clean()
        dim, sub = cleaned.get("dimension"), cleaned.get("subdimension")
        if dim and sub and sub.dimension_id != dim.pk:
            self.add_error("subdimension", _("This sub-dimension belongs to another dimension."))
        if not cleaned.get("name_vi") and not cleaned.get("name_en"):
            self.add_error("name_vi", _("Give the indicator a name in Vietnamese or English."))
        return cleaned
