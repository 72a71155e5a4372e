"""Count the closed minutes of page views and basket additions into the
daily statistics (stats.rollup). Run it from the task worker or cron every
few minutes; it must run at least once in stats.counting.KEEP_SECONDS."""

from django.core.management.base import BaseCommand

from stats import rollup


class Command(BaseCommand):
    help = "Move counted page views and basket additions from the cache into daily statistics."

    def handle(self, *args, **options):
        counted = rollup.run()
        if counted is None:
            self.stdout.write("Another rollup is running; nothing done.")
        else:
            self.stdout.write(f"{counted} events counted.")
