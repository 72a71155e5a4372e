from django.core.management.base import BaseCommand

from storefront.payment import expiry


class Command(BaseCommand):
    help = (
        "Remind shoppers whose transfer, QRIS or card orders are about to expire, and cancel "
        "those past their deadline, returning their stock. Run it every few minutes."
    )

    def handle(self, *args, **options):
        warned = expiry.warn_soon_due()
        expired = expiry.expire_due()
        self.stdout.write(f"{warned} reminded, {expired} expired")
