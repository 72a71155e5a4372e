"""Checkout: Oscar's flow with a payment-method step and an order placement
that is all-or-nothing (storefront.checkout.placement)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView
from oscar.apps.checkout import views
from oscar.apps.checkout.exceptions import FailedPreCondition
from oscar.apps.checkout.views import *  # noqa: F403  Oscar's fork convention
from oscar.core.loading import get_class

from storefront.checkout.placement import AllOrNothingPlacementMixin
from storefront.payment import methods as payment_methods

CheckoutSessionMixin = get_class("checkout.session", "CheckoutSessionMixin")
PaymentMethodForm = get_class("checkout.forms", "PaymentMethodForm")


class ChosenPaymentMethodMixin:
    def get_payment_method(self):
        method = payment_methods.get_method(self.checkout_session.payment_method())
        if method is None or not method.is_available(self.request):
            return None
        return method

    def check_payment_data_is_captured(self, request):
        if self.get_payment_method() is None:
            raise FailedPreCondition(
                url=reverse("checkout:payment-method"),
                message=_("Choose how you will pay."),
            )


class PaymentMethodView(ChosenPaymentMethodMixin, CheckoutSessionMixin, FormView):
    template_name = "oscar/checkout/payment_method.html"
    pre_conditions = [
        "check_basket_is_not_empty",
        "check_basket_is_valid",
        "check_user_email_is_captured",
        "check_shipping_data_is_captured",
    ]

    def get_form(self, form_class=None):
        return PaymentMethodForm(
            payment_methods.available_methods(self.request), **self.get_form_kwargs()
        )

    def get_initial(self):
        return {"method": self.checkout_session.payment_method()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["methods"] = payment_methods.available_methods(self.request)
        return context

    def form_valid(self, form):
        self.checkout_session.pay_by(form.cleaned_data["method"])
        return redirect("checkout:preview")


class PaymentDetailsView(
    AllOrNothingPlacementMixin, ChosenPaymentMethodMixin, views.PaymentDetailsView
):
    """No method here takes card details, so "payment details" is the preview."""

    def get(self, request, *args, **kwargs):
        if not self.preview:
            return redirect("checkout:preview")
        return super().get(request, *args, **kwargs)

    def get_pre_conditions(self, request):
        return [*self.pre_conditions, "check_payment_data_is_captured"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["payment_method"] = self.get_payment_method()
        return context

    def handle_payment(self, order_number, total, **kwargs):
        """No method takes money before the order exists: each records what
        the shopper owes inside the order transaction (record_order) and she
        pays after, on the order's page."""

    def handle_order_placement(
        self,
        order_number,
        user,
        basket,
        shipping_address,
        shipping_method,
        shipping_charge,
        billing_address,
        order_total,
        surcharges=None,
        **kwargs,
    ):
        order = self.place_paid_later(
            self.get_payment_method(),
            order_number=order_number,
            user=user,
            basket=basket,
            shipping_address=shipping_address,
            shipping_method=shipping_method,
            shipping_charge=shipping_charge,
            billing_address=billing_address,
            order_total=order_total,
            surcharges=surcharges,
            **kwargs,
        )
        return self.handle_successful_order(order)


class ShippingMethodView(views.ShippingMethodView):
    def form_invalid(self, form):
        messages.error(self.request, _("Choose how you would like to receive your order."))
        return super().form_invalid(form)
