"""The operator's payment box on an order's dashboard page, and the one way
an operator changes an order's status.

Money only moves through storefront.payment's services: confirming a
transfer or QRIS payment, rejecting a receipt, confirming cash, refunding
lines. Oscar's plain status change would let an operator mark an unpaid
order "Processing" or cancel one without giving its stock back, so status
changes go through OrderStatusHandler instead.
"""

from django.contrib import messages
from django.utils.translation import gettext as _
from oscar.apps.payment.exceptions import PaymentError as OscarPaymentError
from oscar.core.loading import get_class, get_model

from storefront.payment import cancellation, confirmation, methods, refunds
from vendors import fulfilment, statuses

EventHandler = get_class("order.processing", "EventHandler")
Payment = get_model("payment", "Payment")
PaymentProof = get_model("payment", "PaymentProof")
Refund = get_model("payment", "Refund")


class OrderStatusHandler(EventHandler):
    """Cancelling an unpaid order gives its stock back; an unpaid order
    becomes "Processing" only by confirming its payment."""

    def handle_order_status_change(self, order, new_status, note_msg=None):
        payment = Payment.objects.filter(order=order).first()
        if payment is not None and new_status == statuses.CANCELLED:
            try:
                cancellation.cancel_unpaid(
                    payment.pk, by=self.user, reason=_("Cancelled by the shop")
                )
            except confirmation.PaymentError as error:
                raise OscarPaymentError(error.message) from None
            if note_msg:
                self.create_note(order, note_msg)
            return
        if payment is not None and not payment.is_paid and new_status == statuses.PROCESSING:
            raise OscarPaymentError(_("Confirm the payment in the payment box instead."))
        super().handle_order_status_change(order, new_status, note_msg)


class StatusHandlerMixin:
    def get_handler(self, user=None):
        return OrderStatusHandler(user=user or self.request.user)


class PaymentActionsMixin:
    """Order-level actions of the payment box (operators only: the order
    view lists them in operator_order_actions)."""

    payment_actions = (
        "confirm_payment",
        "reject_proof",
        "confirm_cash",
        "refund_lines",
        "retry_refund",
    )

    def get_payment(self):
        return Payment.objects.filter(order=self.object).select_related("confirmed_by").first()

    def payment_context(self):
        payment = self.get_payment()
        if payment is None:
            return {}
        lines = list(self.object.lines.all())
        refunded = refunds.refunded_quantities(self.object)
        return {
            "payment": payment,
            "payment_method": methods.get_method(payment.method),
            "proofs": list(payment.proofs.select_related("reviewed_by")),
            "refunds": list(self.object.refunds.prefetch_related("lines__line")),
            "refundable_lines": [
                (line, line.quantity - refunded.get(line.pk, 0)) for line in lines
            ],
            "cash_holders": Payment.CashHolder.choices,
            # Cash is only paid for what was delivered: nothing to give back.
            "refund_owed": payment.is_paid
            and payment.method != "cod"
            and any(
                line.status == fulfilment.CANCELLED and not refunded.get(line.pk) for line in lines
            ),
        }

    def _payment_step(self, step, success):
        try:
            step()
        except confirmation.PaymentError as error:
            return self.reload_page(error=error.message)
        messages.success(self.request, success)
        return self.reload_page()

    def confirm_payment(self, request, order):
        payment = self.get_payment()
        if payment is None or payment.method == "cod":
            return self.reload_page(error=_("This order has no transfer or QRIS payment."))
        return self._payment_step(
            lambda: confirmation.confirm_received(payment.pk, request.user),
            _("Payment confirmed. The producers can start."),
        )

    def reject_proof(self, request, order):
        proof = PaymentProof.objects.filter(
            pk=_int(request.POST.get("proof")), payment__order=order
        ).first()
        if proof is None:
            return self.reload_page(error=_("Choose the receipt to reject."))
        return self._payment_step(
            lambda: confirmation.reject_proof(proof.pk, request.user, request.POST.get("reason")),
            _("Receipt rejected; the shopper is told why."),
        )

    def confirm_cash(self, request, order):
        payment = self.get_payment()
        if payment is None:
            return self.reload_page(error=_("This order has no payment."))
        return self._payment_step(
            lambda: confirmation.confirm_cash(
                payment.pk, request.user, request.POST.get("held_by", "")
            ),
            _("Cash payment confirmed."),
        )

    def refund_lines(self, request, order):
        quantities = {
            line.pk: _int(request.POST.get(f"refund_{line.pk}")) for line in order.lines.all()
        }
        try:
            refund = refunds.refund(
                order,
                quantities,
                user=request.user,
                reason=request.POST.get("reason", ""),
                restock=request.POST.get("restock") == "on",
            )
        except confirmation.PaymentError as error:
            return self.reload_page(error=error.message)
        return self._refund_outcome(refund)

    def retry_refund(self, request, order):
        """Ask Stripe again about a card refund it never answered."""
        refund = Refund.objects.filter(
            pk=_int(request.POST.get("refund")), order=order, status=Refund.Status.PENDING
        ).first()
        if refund is None:
            return self.reload_page(error=_("This refund is not waiting for Stripe."))
        refunds.send_to_stripe(refund)
        refund.refresh_from_db()
        return self._refund_outcome(refund)

    def _refund_outcome(self, refund):
        if refund.status == Refund.Status.FAILED:
            message = _("Stripe refused the refund: %(reason)s")
            return self.reload_page(error=message % {"reason": refund.failure_message})
        if refund.status == Refund.Status.PENDING:
            messages.warning(
                self.request,
                _("Stripe has not answered yet. The refund completes when it does; retry below."),
            )
            return self.reload_page()
        messages.success(self.request, _("Refund recorded."))
        return self.reload_page()


def _int(value):
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 0
