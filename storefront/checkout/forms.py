from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout.forms import *  # noqa: F403  Oscar's fork convention
from oscar.apps.checkout.forms import GatewayForm as OscarGatewayForm
from oscar.apps.checkout.forms import ShippingAddressForm as OscarShippingAddressForm


class GatewayForm(OscarGatewayForm):
    """The password is only for returning customers. Oscar marks it required
    and relies on JavaScript to lift that; without JavaScript the browser
    would refuse a guest's form, so the requirement is checked in clean()."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].required = False

    def clean(self):
        if self.data.get(self.add_prefix("options")) == self.EXISTING and not self.data.get(
            self.add_prefix("password")
        ):
            self.add_error("password", _("Enter your password."))
        return super().clean()


class ShippingAddressForm(OscarShippingAddressForm):
    """Oscar's address form with the labels an Indonesian shopper expects and
    a phone number that must be reachable (couriers call before delivery)."""

    class Meta(OscarShippingAddressForm.Meta):
        fields = [
            "first_name",
            "last_name",
            "phone_number",
            "line1",
            "line2",
            "line4",
            "state",
            "postcode",
            "country",
            "notes",
        ]
        labels = {
            "first_name": _("Name"),
            "last_name": _("Last name (optional)"),
            "line1": _("Street, house number, RT/RW"),
            "line2": _("Village / kelurahan"),
            "line4": _("District and regency / city"),
            "state": _("Province"),
            "postcode": _("Postcode"),
            "notes": _("Notes for the producer or courier"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone_number"].required = True
        self.fields["phone_number"].help_text = _(
            "e.g. 0812 3456 7890. We call or WhatsApp you about the order."
        )
        self.fields["phone_number"].error_messages["required"] = _(
            "Enter a phone number so we can reach you about the order."
        )
        self.fields["phone_number"].error_messages["invalid"] = _(
            "Enter a valid Indonesian phone number, e.g. 0812 3456 7890."
        )

    def clean_phone_number_field(self, field_name):
        """Oscar's own phone messages are technical ("not a valid local or
        international phone format"); a shopper gets one plain sentence."""
        value = super().clean_phone_number_field(field_name)
        invalid = self.fields[field_name].error_messages["invalid"]
        if field_name in self.errors:
            self.errors[field_name] = self.error_class([invalid])
        elif hasattr(value, "is_valid") and not value.is_valid():
            self.add_error(field_name, invalid)
        return value


class PaymentMethodForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How would you like to pay?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how you will pay."),
            "invalid_choice": _("That payment method is not available. Choose another."),
        },
    )

    def __init__(self, methods, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [(method.code, method.name) for method in methods]
