"""Pages and API lists stay flat as data grows: server time at 1k vs 100k products.

    .venv/bin/python -m bench.scale [--workdir DIR] [--small 1000] [--large 100000]

Builds one throwaway SQLite database (or with --postgresql one on a
throwaway PostgreSQL server): migrate, seed_demo, seed_scale with --small
products. Copies it and grows the copy to --large products with
seed_scale. Then times each page in-process with Django's test client on
both, the two databases taking turns request by request (median and 90th
percentile of --runs requests after warm-up, plus the queries each costs).
Village shop pages are those of the first scale shop, which grows from
small/villages to large/villages products; the portal's catalogue and the
unfiltered API list see everything.

Search runs on the database's own full-text index (catalog.search), which
seed_scale fills as it inserts.

Prints a table and writes it to bench/results.md (section "1k vs 100k").
With --workdir the SQLite databases stay there (to look at query plans afterwards).
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bench import report

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.5


def configure(workdir):
    """Point the database, media and search index at workdir, then start Django."""
    os.environ.update(
        SQLITE_PATH=str(workdir / "scale.sqlite3"),
        MEDIA_ROOT=str(workdir / "media"),
        PRIVATE_MEDIA_ROOT=str(workdir / "private"),
        DJANGO_DEBUG="0",
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # Static files straight from the apps, as in tests: no collectstatic needed.
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": static}).enable()


def grow(villages, producers, products):
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    started = time.monotonic()
    call_command(
        "seed_scale",
        "--villages",
        str(villages),
        "--producers",
        str(producers),
        "--products",
        str(products),
    )
    seconds = time.monotonic() - started
    settle()
    return seconds


def settle():
    """On PostgreSQL, VACUUM ANALYZE what was just loaded: what autovacuum
    does a minute later anyway, and would otherwise do while the pages are
    timed (a run on 2026-12-06 that timed them right after loading 99,000
    products found even the unlisting pages 1.4-1.7x slower)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def measured_shop():
    from wagtail.models import Site

    from storefront import scale_data

    return Site.objects.get(hostname=scale_data.village_hostname(0))


def pages():
    """(label, host, path) of each measured page."""
    from oscar.core.loading import get_model

    from storefront import scale_data

    Product = get_model("catalogue", "Product")
    site = measured_shop()
    product = Product.objects.get(upc=f"{scale_data.UPC_PREFIX}000001")
    category = product.categories.get().get_parent()
    word = product.title.split()[0].lower()
    host = site.hostname
    return [
        ("village home", host, "/"),
        ("category", host, category.get_absolute_url()),
        ("search", host, f"/catalogue/?q={word}"),
        ("product page", host, product.get_absolute_url()),
        ("API product list (shop)", host, f"/api/v1/products?shop={site.pk}"),
        ("portal catalogue (all)", "localhost", "/catalogue/"),
        ("portal category (all)", "localhost", category.get_absolute_url()),
        ("portal search (all)", "localhost", f"/catalogue/?q={word}"),
        ("API product list (all)", "localhost", "/api/v1/products"),
    ]


def listed(response):
    """How many products the page lists (None: not a list)."""
    if response.get("Content-Type", "").startswith("application/json"):
        items = response.json().get("items")
        return None if items is None else len(items)
    context = response.context
    if context is not None and "products" in context:
        return len(list(context["products"]))
    return None


class QueryLog:
    """Counts and times the queries of one request (an execute wrapper:
    Django's own query log is reset by every request)."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(((time.perf_counter() - started) * 1000, sql))

    def slowest(self):
        return max(self.queries, default=(0.0, ""))


def measure(databases, runs, warmup=3):
    """{database: {label: (median ms, p90 ms, queries, products listed,
    slowest query)}} for every page, on each of `databases` ({key: name}).

    The databases take turns request by request, so a slow spell of this
    (shared, noisy) machine slows both sizes alike instead of one size's
    whole phase; before each timed request the page is asked once, untimed,
    on a fresh connection to its database with an empty cache."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment

    client = Client()
    results = {key: {} for key in databases}
    for label, host, path in pages():
        facts = {}
        for key, name in databases.items():
            use_database(name)
            for _ in range(warmup):
                response = client.get(path, HTTP_HOST=host)
                if response.status_code != 200:
                    raise SystemExit(f"{label} {host}{path}: HTTP {response.status_code}")
            log = QueryLog()
            setup_test_environment()  # the response's context, to count what it lists
            try:
                with connection.execute_wrapper(log):
                    listed_products = listed(client.get(path, HTTP_HOST=host))
            finally:
                teardown_test_environment()
            facts[key] = (len(log.queries), listed_products, log.slowest())
        times = {key: [] for key in databases}
        for _ in range(runs):
            for key, name in databases.items():
                use_database(name)
                client.get(path, HTTP_HOST=host)
                started = time.perf_counter()
                client.get(path, HTTP_HOST=host)
                times[key].append((time.perf_counter() - started) * 1000)
        for key, timed in times.items():
            timed.sort()
            p90 = timed[min(len(timed) - 1, int(len(timed) * 0.9))]
            results[key][label] = (statistics.median(timed), p90, *facts[key])
    return results


def use_database(name):
    """Point the default connection at database `name` (a PostgreSQL
    database on the same server, or an SQLite file), with an empty cache."""
    from django.core.cache import cache
    from django.db import connection

    if connection.settings_dict["NAME"] != name:
        connection.close()
        connection.settings_dict["NAME"] = name
    cache.clear()


def copy_database(name):
    """A copy of the database in use, named `name`, to grow into the large set."""
    from django.db import connection

    settings = connection.settings_dict
    connection.close()
    if connection.vendor == "postgresql":
        import psycopg

        with psycopg.connect(
            host=settings["HOST"],
            port=settings["PORT"],
            user=settings["USER"],
            dbname="postgres",
            autocommit=True,
        ) as server:
            server.execute(f'CREATE DATABASE "{name}" TEMPLATE "{settings["NAME"]}"')
    else:
        shutil.copyfile(settings["NAME"], name)
    return name


def product_count():
    from oscar.core.loading import get_model

    return get_model("catalogue", "Product").objects.count()


def section_title(database):
    return f"1k vs 100k products, {database}"


def table(small, large, small_n, large_n, seed_seconds, database):
    lines = [
        f"## {section_title(database)} (bench/scale.py, {time.strftime('%Y-%m-%d')})",
        "",
        f"Django test client in-process, {database}, no page cache; median (p90) of the runs, "
        "the two databases taking turns; "
        f"{small_n} vs {large_n} products in the database. Target: large/small <= {TARGET} "
        "for the same page listing as many products. The village shop measured grows "
        "with the data (10 products at 1k, 1,000 at 100k), so its lists are longer at "
        "100k: those rows say so under *listed* and are not judged; the portal's rows "
        "list full pages at both sizes.",
        f"Growing with seed_scale took {seed_seconds:.0f} s.",
        "",
        f"| page | {small_n} ms | {large_n} ms | ratio | queries | listed | flat |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    slow = []
    for label, (s_median, s_p90, s_queries, s_listed, _s_slowest) in small.items():
        l_median, l_p90, l_queries, l_listed, (query_ms, sql) = large[label]
        ratio = l_median / s_median
        queries = str(s_queries) if s_queries == l_queries else f"{s_queries} -> {l_queries}"
        if s_listed != l_listed:
            shown, flat = f"{s_listed} -> {l_listed}", "lists more"
        else:
            shown = "-" if s_listed is None else str(s_listed)
            flat = "yes" if ratio <= TARGET and s_queries == l_queries else "NO"
        lines.append(
            f"| {label} | {s_median:.1f} ({s_p90:.1f}) | {l_median:.1f} ({l_p90:.1f}) "
            f"| {ratio:.2f} | {queries} | {shown} | {flat} |"
        )
        if flat == "NO":
            slow.append(f"- {label}: slowest query at {large_n} ({query_ms:.1f} ms): `{sql[:300]}`")
    if slow:
        lines += ["", "Not flat, and the slowest query of each such page:", "", *slow]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, help="keep the database here (default: temp)")
    parser.add_argument("--villages", type=int, default=100)
    parser.add_argument("--producers", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--postgresql", action="store_true", help="on a throwaway PostgreSQL server, as production"
    )
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="pasardesa-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as servers:
        if args.postgresql:
            os.environ["DATABASE_URL"] = servers.enter_context(throwaway_database())
        configure(workdir)
        run(args, workdir, "PostgreSQL" if args.postgresql else "SQLite")


@contextmanager
def throwaway_database():
    import psycopg

    from tests.servers import postgresql_server

    with postgresql_server() as server:
        with psycopg.connect(server.url("postgres"), autocommit=True) as connection:
            connection.execute('CREATE DATABASE "scale"')
        yield server.url("scale")


def run(args, workdir, database):
    from django.db import connection

    print(f"Database in {workdir}")
    if (workdir / "scale-large.sqlite3").exists():
        raise SystemExit(f"{workdir} already holds the large set: give a new --workdir.")
    grow(args.villages, args.producers, args.small)
    small_n = product_count()
    small = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        large = copy_database(f"{small}_large")
    else:
        large = copy_database(str(workdir / "scale-large.sqlite3"))
    use_database(large)
    print(f"Growing a copy to {args.large} scale products...")
    seed_seconds = grow(args.villages, args.producers, args.large)
    large_n = product_count()
    use_database(small)
    results = measure({"small": small, "large": large}, args.runs)
    text = table(results["small"], results["large"], small_n, large_n, seed_seconds, database)
    print(text)
    report.write_section(section_title(database), text)


if __name__ == "__main__":
    main()
