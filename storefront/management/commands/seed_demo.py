from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from storefront.demo import loader


class Command(BaseCommand):
    help = "Load the demo village shops, producers, products and logins (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            loader.load()
        # The search index follows the database (Whoosh in the embedded set-up).
        call_command("update_index", remove=True, verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
