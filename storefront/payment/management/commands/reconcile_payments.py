import stripe
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from storefront.payment import reconcile


class Command(BaseCommand):
    help = (
        "Compare orders, payments, refunds and Stripe's PaymentIntents and list every "
        "mismatch. Changes nothing; exits with status 1 when there is a mismatch."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-stripe", action="store_true", help="Check the shop's own records only."
        )

    def handle(self, *args, **options):
        with_stripe = bool(settings.STRIPE_SECRET_KEY) and not options["no_stripe"]
        try:
            mismatches = reconcile.reconcile(with_stripe=with_stripe)
        except stripe.StripeError as error:
            raise CommandError(f"Stripe could not be asked: {error}") from None
        for mismatch in mismatches:
            self.stdout.write(str(mismatch))
        checked = "orders and Stripe" if with_stripe else "orders"
        self.stdout.write(f"{len(mismatches)} mismatches ({checked} checked)")
        if mismatches:
            raise SystemExit(1)
