from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

Payout = get_model("partner", "Payout")


class PayoutForm(forms.ModelForm):
    """Money the operator hands a producer, or receives from her. Whether
    the balance allows it is checked by vendors.ledger.record_payout, under
    lock, not here."""

    class Meta:
        model = Payout
        fields = ["direction", "amount", "method", "reference", "paid_on", "note"]
        widgets = {"paid_on": forms.DateInput(attrs={"type": "date"})}
        error_messages = {"amount": {"invalid": _("Enter the amount in whole rupiah.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate
        self.fields["amount"].widget.attrs.update(min=1, step=1)

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is None or amount <= 0 or amount != amount.to_integral_value():
            raise forms.ValidationError(_("Enter an amount in whole rupiah, more than 0."))
        return amount
