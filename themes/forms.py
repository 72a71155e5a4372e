"""The customizer's form: a theme, and a field for each of its options."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.images.widgets import AdminImageChooser

from themes import registry

PREVIEW_PAGES = [
    ("/", _("Home page")),
    ("/catalogue/", _("Products")),
    ("/produsen/", _("Producers")),
]


class CustomizerForm(forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), choices=registry.choices)
    preview_page = forms.ChoiceField(
        label=_("Page to preview"), choices=PREVIEW_PAGES, required=False
    )

    def __init__(self, *args, theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme = theme
        for key, option in theme.all_options().items():
            self.fields[key] = self.field_for(option)

    @staticmethod
    def field_for(option):
        label = option.label_text()
        if option.type == "color":
            return forms.RegexField(
                label=label,
                regex=registry.COLOR_PATTERN,
                widget=forms.TextInput(attrs={"type": "color"}),
                error_messages={"invalid": _("Choose a colour.")},
            )
        if option.type == "font":
            return forms.ChoiceField(
                label=label,
                choices=[(key, registry.FONTS[key]["label"]) for key in option.choices],
            )
        if option.type == "image":
            return forms.ModelChoiceField(
                label=label,
                queryset=get_image_model().objects.all(),
                required=False,
                widget=AdminImageChooser,
            )
        return forms.CharField(label=label, max_length=option.max_length, required=False)

    def option_values(self):
        """The chosen values as stored in ShopSettings.theme_options."""
        values = {}
        for key, option in self.theme.all_options().items():
            value = self.cleaned_data.get(key)
            values[key] = value.pk if option.type == "image" and value else value
        return values

    @classmethod
    def initial_for(cls, theme, stored):
        """Initial field values from the shop's stored options."""
        values = theme.values(stored)
        for key, option in theme.all_options().items():
            if option.type == "image" and values.get(key):
                values[key] = get_image_model().objects.filter(pk=values[key]).first()
        return values
