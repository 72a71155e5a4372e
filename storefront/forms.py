from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

Order = get_model("order", "Order")


class OrderLookupForm(forms.Form):
    """Find an order by its number and the email it was placed with."""

    number = forms.CharField(label=_("Order number"), max_length=128)
    email = forms.EmailField(label=_("Email"))

    error_messages = {
        "not_found": _("No order matches this number and email. Check both and try again."),
    }

    def clean(self):
        cleaned = super().clean()
        number, email = cleaned.get("number"), cleaned.get("email")
        if number and email:
            order = Order.objects.filter(number=number.strip()).select_related("user").first()
            if order is None or order.email.lower() != email.lower():
                raise forms.ValidationError(self.error_messages["not_found"], code="not_found")
            self.order = order
        return cleaned
