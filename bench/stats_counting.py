"""What counting views costs a product page, and how long a rollup takes.

    .venv/bin/python bench/stats_counting.py [--views 300] [--events 20000] [--products 100]

Builds a throwaway database (migrations take about a minute), then times
a shopper's product page view with the stats counter connected and without
it, ``stats.counting.record`` alone, and ``stats.rollup.run`` for N events
spread over M products. It uses the cache in settings (LocMemCache unless
deployed with Redis), so run it on the production cache to see network
round trips. See bench/README.md for targets.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings")
os.environ.pop("DATABASE_URL", None)
BROWSER = "Mozilla/5.0 (Linux; Android 10; SM-A105F) Chrome/120.0 Mobile Safari/537.36"


def setup(folder):
    os.environ["SQLITE_PATH"] = str(Path(folder) / "bench.sqlite3")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings, setup_test_environment

    # As tests/conftest.py: files in the folder, static files straight from
    # the apps (no collectstatic).
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(
        MEDIA_ROOT=str(Path(folder) / "media"),
        STORAGES={**settings.STORAGES, "staticfiles": static},
    ).enable()
    setup_test_environment()
    call_command("migrate", verbosity=0)


def timed(action, runs):
    """Median and minimum milliseconds per call."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def make_shop(products):
    from tests import factories

    site = factories.make_shop("ibun.localhost", "Ibun Store")
    producer = factories.ProducerFactory(site=site, name="Bu Ani")
    return producer, [factories.ProductFactory(producer=producer, stock=5) for _ in range(products)]


def bench_page(product, runs):
    """Views with and without the counter, interleaved so that a busy
    machine slows both alike."""
    from django.test import Client
    from oscar.apps.catalogue.signals import product_viewed

    from storefront.analytics import receivers

    client = Client(HTTP_HOST="ibun.localhost", HTTP_USER_AGENT=BROWSER)
    url = product.get_absolute_url()

    def view():
        assert client.get(url).status_code == 200

    timed(view, 20)  # warm up: templates, session, connection
    counted, not_counted = [], []
    for _ in range(runs):
        counted.append(timed(view, 1)[0])
        product_viewed.disconnect(dispatch_uid="stats_product_viewed")
        try:
            not_counted.append(timed(view, 1)[0])
        finally:
            product_viewed.connect(
                receivers.count_product_view, dispatch_uid="stats_product_viewed"
            )
    return (
        (statistics.median(counted), min(counted)),
        (statistics.median(not_counted), min(not_counted)),
    )


def bench_rollup(producer, products, events):
    from django.utils import timezone

    from stats import counting, rollup

    now = timezone.now()
    start = time.perf_counter()
    for index in range(events):
        product = products[index % len(products)]
        counting.record(counting.VIEW, producer.pk, product.pk, now=now)
    record_ms = (time.perf_counter() - start) * 1000 / events
    start = time.perf_counter()
    counted = rollup.run(now=now + datetime.timedelta(minutes=2))
    return record_ms, counted, (time.perf_counter() - start) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--views", type=int, default=300, help="page views per measurement")
    parser.add_argument("--events", type=int, default=20000, help="events to roll up")
    parser.add_argument("--products", type=int, default=100, help="products they spread over")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stats-bench-") as folder:
        print("Building a throwaway database...", flush=True)
        setup(folder)
        from django.conf import settings

        producer, products = make_shop(args.products)
        (with_median, with_min), (without_median, without_min) = bench_page(products[0], args.views)
        cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
        print(f"cache: {cache}")
        print(f"product page, counted:     median {with_median:6.2f} ms, min {with_min:6.2f}")
        print(f"product page, not counted: median {without_median:6.2f} ms, min {without_min:6.2f}")
        print(f"counting costs:            median {with_median - without_median:+6.2f} ms a view")
        record_ms, counted, rollup_ms = bench_rollup(producer, products, args.events)
        print(f"counting.record alone:     {record_ms * 1000:6.1f} µs a call")
        print(f"rollup of {counted} events over {args.products} products: {rollup_ms:.1f} ms")


if __name__ == "__main__":
    main()
