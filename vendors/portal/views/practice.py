"""Portal views of a trainee's practice shop (training): answering the
invented buyer of a simulated order, and moving a practice product to her
real shop.

Both act only inside a practice shop the user may act for (ProducerMixin);
moving a product also needs her real shop to be one the user acts for. The
rules are in training.practice; the simulated orders in training.simulation.
"""

from django import forms
from django.apps import apps
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.generic import View

from vendors import access
from vendors.portal.mixins import ProducerMixin
from vendors.portal.views.products_common import ProductPostView

ANSWER_MAX_LENGTH = 1000


def simulated_orders():
    return apps.get_model("training", "SimulatedOrder").objects.all()


def simulation_for(producer, order):
    """The simulated order behind ``order`` in this practice shop, or None
    (always None for a real shop: no query)."""
    if not producer.is_practice:
        return None
    return simulated_orders().filter(order=order, enrolment__practice_producer=producer).first()


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Your answer to the buyer"),
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class OrderAnswerView(ProducerMixin, View):
    """POST her answer to the buyer's question of a simulated order."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        simulation = get_object_or_404(
            simulated_orders().select_related("order"),
            order__number=kwargs["number"],
            enrolment__practice_producer=self.producer,
        )
        url = reverse(
            "portal:order-detail",
            kwargs={"producer": self.producer.code, "number": simulation.order.number},
        )
        form = AnswerForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(f"{url}#answer")
        with transaction.atomic():
            simulation.answer = form.cleaned_data["answer"].strip()
            simulation.answered_at = timezone.now()
            simulation.save(update_fields=["answer", "answered_at"])
            self.audit(
                gettext_noop("Order %(number)s: answer to the buyer saved"),
                number=simulation.order.number,
            )
        messages.success(request, _("Your answer is saved."))
        return redirect(f"{url}#answer")


class ProductPromoteView(ProductPostView):
    """Copy one of her practice products into her real shop."""

    def post(self, request, *args, **kwargs):
        from training import practice  # training builds on the portal, not the reverse

        real_shop = self.producer.practice_of if self.producer.is_practice else None
        if real_shop is None:
            raise Http404
        if not access.managed_producers(request.user).filter(pk=real_shop.pk).exists():
            raise Http404
        product = self.get_product()
        try:
            copy = practice.promote(product, request.user)
        except practice.PromotionError as error:
            messages.error(request, error.message)
            return redirect(self.list_url(product))
        if copy.is_public:
            text = _("“%(title)s” is now in your real shop %(shop)s, for shoppers to see.")
        else:
            text = _(
                "“%(title)s” is copied to your real shop %(shop)s, hidden until it has "
                "everything a shopper needs."
            )
        messages.success(request, text % {"title": copy.title, "shop": real_shop.name})
        return redirect(
            reverse("portal:product-list", kwargs={"producer": real_shop.code})
            + f"#product-{copy.pk}"
        )


urlpatterns = [
    path(
        "<slug:producer>/pesanan/<str:number>/jawab/",
        OrderAnswerView.as_view(),
        name="order-answer",
    ),
    path(
        "<slug:producer>/produk/<int:pk>/pindahkan/",
        ProductPromoteView.as_view(),
        name="product-promote",
    ),
]
