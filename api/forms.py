from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from api import tokens
from api.models import ApiToken


class NewTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What is it for?"),
        max_length=80,
        help_text=_("e.g. WhatsApp bot, my phone app"),
        error_messages={"required": _("Give the token a name you will recognise.")},
    )
    scope = forms.ChoiceField(
        label=_("The app may"),
        choices=ApiToken.SCOPES,
        initial=ApiToken.READ,
        widget=forms.RadioSelect,
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        initial=tokens.LIFETIMES_IN_DAYS[1],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Labelled per request, in the reader's language (a lazy text
        # formatted at import would be fixed in the language of that moment).
        self.fields["days"].choices = [
            (days, gettext("%(days)d days") % {"days": days}) for days in tokens.LIFETIMES_IN_DAYS
        ]
