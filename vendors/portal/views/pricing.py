"""Portal: the pricing helper at /jual/<producer>/harga/.

She types what one batch costs, her hours and the margin she wants; the
page saves the calculation (its value added feeds the programme's
indicators) and shows the suggested price, explained in plain words. She
may then give that price to one of her products. The arithmetic and the
rules are in vendors.pricing; this view only parses and shows.

After a calculation is saved the browser is sent to ?hitungan=<id>, so a
reload never saves it twice. Calculations and products are only ever
looked up among her own: another producer's id is a form error.
"""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.generic import TemplateView

from catalog import editing
from storefront.ids import parse_id
from storefront.money import format_rupiah
from vendors import pricing
from vendors.portal.forms_products import RupiahField, error_text, price_widget
from vendors.portal.mixins import ProducerMixin

RECENT = 10
INPUT_FIELDS = frozenset(pricing.Inputs.__dataclass_fields__)


class AmountField(RupiahField):
    """Whole rupiah, "25.000" too; empty is 0. Limits are vendors.pricing's."""

    default_error_messages = {
        "invalid": gettext_lazy("Write the amount in whole rupiah, for example 25000."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", price_widget())
        super().__init__(min_value=None, max_value=None, **kwargs)

    def clean(self, value):
        return Decimal(super().clean(value) or 0)


class NumberField(forms.DecimalField):
    """A number with one decimal: "2,5" or "2.5" (hours), "30" or "30 %"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("decimal_places", 1)
        kwargs.setdefault("max_digits", 6)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        kwargs["error_messages"] = {
            "invalid": gettext_lazy("Write a number, for example 2 or 2,5."),
            "max_decimal_places": gettext_lazy("Use at most one digit after the comma."),
            "max_digits": gettext_lazy("That number is too long."),
            "max_whole_digits": gettext_lazy("That number is too long."),
            **kwargs.get("error_messages", {}),
        }
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("%", "").replace(" ", "").replace(",", ".")
        return super().to_python(value)


class CountField(forms.IntegerField):
    """A whole number of units: "40", "1.000"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(" ", "").replace(".", "")
        return super().to_python(value)


def her_products(producer):
    return editing.producer_products(producer).order_by("title", "pk")


class PricingForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What are you pricing?"),
        max_length=128,
        required=False,
        help_text=gettext_lazy("For example: cassava chips, 250 g pack."),
    )
    product = forms.ModelChoiceField(
        label=gettext_lazy("For one of your products? (you may leave it)"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Not for a product yet"),
        error_messages={"invalid_choice": gettext_lazy("Choose one of your own products.")},
    )
    materials = AmountField(
        label=gettext_lazy("Materials (Rp)"),
        help_text=gettext_lazy("Everything you buy to make one batch: cassava, oil, spices..."),
    )
    fuel = AmountField(label=gettext_lazy("Fuel and transport (Rp)"))
    electricity = AmountField(label=gettext_lazy("Electricity, gas and water (Rp)"))
    packaging = AmountField(label=gettext_lazy("Packaging and labels (Rp)"))
    other_costs = AmountField(label=gettext_lazy("Other costs (Rp)"))
    labour_hours = NumberField(
        label=gettext_lazy("Hours of your work for one batch"),
        required=False,
        help_text=gettext_lazy("Half an hour is 0,5."),
    )
    hourly_wage = AmountField(
        label=gettext_lazy("Wage for one hour of your work (Rp)"),
        help_text=gettext_lazy("What you would pay someone to do it, for example 10000."),
    )
    units = CountField(
        label=gettext_lazy("How many units does one batch make?"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": gettext_lazy("Write how many units one batch makes."),
            "invalid": gettext_lazy("Write a whole number, for example 40."),
        },
    )
    margin_percent = NumberField(
        label=gettext_lazy("Profit you want (% of the price)"),
        max_digits=5,
        help_text=gettext_lazy("Many home businesses take 20 to 40 %."),
        error_messages={"required": gettext_lazy("Write the margin you want, for example 30.")},
    )

    def __init__(self, *args, producer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = her_products(producer)
        self.result = None

    def inputs(self):
        """The parsed inputs; a field that did not parse counts as empty."""
        data = self.cleaned_data
        return pricing.Inputs(
            **{name: data.get(name, Decimal(0)) for name in pricing.BOUGHT_IN},
            labour_hours=data.get("labour_hours") or Decimal(0),
            hourly_wage=data.get("hourly_wage", Decimal(0)),
            units=data.get("units", 1),
            margin_percent=data.get("margin_percent", Decimal(0)),
        )

    def clean(self):
        data = super().clean()
        if not (data.get("name") or "").strip() and not data.get("product"):
            self.add_error("name", _("Write what you are pricing, or choose the product."))
        unreadable = {name for name in INPUT_FIELDS if name in self.errors}
        if unreadable:
            # Say at once what else is wrong, without a price.
            for name, errors in pricing.validate(self.inputs()).items():
                if name in INPUT_FIELDS and name not in unreadable:
                    self.add_error(name, errors)
            return data
        try:
            self.result = pricing.calculate(self.inputs())
        except ValidationError as error:
            self.add_error(None, error)
        return data

    def item_name(self):
        return (self.cleaned_data["name"] or "").strip() or self.cleaned_data["product"].title


class ApplyForm(forms.Form):
    calculation = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    product = forms.ModelChoiceField(
        label=gettext_lazy("Product"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": gettext_lazy("Choose the product."),
            "invalid_choice": gettext_lazy("Choose one of your own products."),
        },
    )

    def __init__(self, *args, producer, **kwargs):
        super().__init__(*args, prefix="apply", **kwargs)
        self.fields["calculation"].queryset = producer.price_calculations.all()
        self.fields["product"].queryset = her_products(producer)


class PricingView(ProducerMixin, TemplateView):
    template_name = "vendors/portal/pricing.html"

    def page_url(self, calculation=None):
        url = reverse("portal:pricing", kwargs={"producer": self.producer.code})
        return f"{url}?hitungan={calculation.pk}#hasil" if calculation else url

    def shown_calculation(self, value):
        pk = parse_id(value)
        if pk is None:
            return None
        return self.producer.price_calculations.select_related("product").filter(pk=pk).first()

    def get(self, request, *args, **kwargs):
        initial = {"units": 1, "margin_percent": 30}
        product_id = parse_id(request.GET.get("produk"))
        if product_id:
            initial["product"] = her_products(self.producer).filter(pk=product_id).first()
        form = PricingForm(producer=self.producer, initial=initial)
        return self.render_page(form, self.shown_calculation(request.GET.get("hitungan")))

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "apply":
            return self.apply()
        form = PricingForm(request.POST, producer=self.producer)
        if not form.is_valid():
            return self.render_page(form, None)
        name = form.item_name()
        with transaction.atomic():
            calculation, result = pricing.save_calculation(
                self.producer, request.user, name, form.inputs(), form.cleaned_data["product"]
            )
            self.audit(
                gettext_noop("Price worked out for “%(name)s”: %(price)s"),
                name=name,
                price=format_rupiah(result.suggested_price),
            )
        return redirect(self.page_url(calculation))

    def apply(self):
        form = ApplyForm(self.request.POST, producer=self.producer)
        if not form.is_valid():
            shown = self.shown_calculation(self.request.POST.get("apply-calculation"))
            if shown is None:
                messages.error(self.request, error_text(form))
                return redirect(self.page_url())
            return self.render_page(PricingForm(producer=self.producer), shown, apply_form=form)
        calculation, product = form.cleaned_data["calculation"], form.cleaned_data["product"]
        try:
            with transaction.atomic():
                price = pricing.apply_price(self.producer, calculation, product)
                self.audit(
                    gettext_noop("Price of “%(title)s” set to Rp %(price)s"),
                    title=product.title,
                    price=f"{price:,.0f}".replace(",", "."),
                )
        except ValidationError as error:  # a calculation changed since: say why
            messages.error(self.request, " ".join(error.messages))
            return redirect(self.page_url(calculation))
        messages.success(
            self.request,
            _("“%(title)s” now costs %(price)s in your shop.")
            % {"title": product.title, "price": format_rupiah(price)},
        )
        return redirect(self.page_url(calculation))

    def render_page(self, form, shown, apply_form=None):
        result = None
        if shown is not None:
            try:
                result = pricing.calculate(pricing.Inputs.of(shown))
            except ValidationError:  # changed by hand in the admin: show no sums
                shown = None
        if shown is not None and apply_form is None:
            apply_form = ApplyForm(
                producer=self.producer,
                initial={"calculation": shown.pk, "product": shown.product_id},
            )
        context = self.get_context_data(
            form=form,
            shown=shown,
            result=result,
            apply_form=apply_form if shown is not None else None,
            has_products=her_products(self.producer).exists(),
            recent=list(self.producer.price_calculations.select_related("product")[:RECENT]),
        )
        return self.render_to_response(context)


urlpatterns = [
    path("<slug:producer>/harga/", PricingView.as_view(), name="pricing"),
]
