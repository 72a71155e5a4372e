"""Requests per second and latency of the shop's pages under load.

    .venv/bin/python -m bench.load [--seconds 10] [--connections 100]

One run on this machine: the production stack of tests/production/stack.py
(PostgreSQL, Redis, moto's S3) with the demo plus 1,000 scale products,
one gunicorn with 2 workers (bench/settings.py: the production settings
plus the yardsticks of bench/views.py), and wrk on loopback
(bench/wrk.py). For each page, at --connections connections, each line
after 2 seconds of warm-up on 2 connections that are not counted:

- as shoppers on a first visit get it (no session: the page cache
  serves them, storefront.page_cache), and rendered for each request (a
  session cookie, as a returning shopper's);
- the ceiling: a Django view answering as many bytes through the same
  middleware and gunicorn;
- the catalogue and the product page also against stock Oscar's own
  views and templates on the same data (the peer).

Then 50 shoppers check out at once (cash on delivery) and every order is
counted, and the page weight of each shopper page is measured in Chromium
(bench/pageweight.py). Prints the tables and writes them to
bench/results.md (section "Load").
"""

import argparse
import logging
import os
import statistics
import subprocess
import tempfile
import threading
import time
from urllib.parse import urlsplit

from bench import report, wrk
from tests.production.client import Browser
from tests.production.stack import PYTHON, ROOT, production_stack

SHOP = "ibun.localhost"
PORTAL = "localhost"
CHECKOUT_SHOPPERS = 50
# Targets of the issue (docs in bench/README.md).
CEILING_SHARE, PEER_TIMES, P99_MS = 0.5, 3.0, 1000

TARGETS = """
import json
from oscar.core.loading import get_model
from wagtail.models import Site
from catalog import listing
from storefront.demo_data import PRODUCER_LOGIN
site = Site.objects.get(hostname="ibun.localhost")
products = listing.products_for_site(site).filter(stockrecords__num_in_stock__gte=1)
product = products.order_by("pk").first()
get_model("partner", "StockRecord").objects.filter(product=product).update(num_in_stock=100000)
producer = get_model("partner", "Partner").objects.get(name=PRODUCER_LOGIN[1])
category = product.categories.first()
print(json.dumps({
    "shop": site.pk, "product": product.pk, "product_url": product.get_absolute_url(),
    "stock_product_url": f"/bench/oscar/catalogue/{product.slug}_{product.pk}/",
    "category_url": category.get_absolute_url(), "word": product.title.split()[0].lower(),
    "producer": producer.code,
}))
"""

COUNT_ORDERS = """
import json
from oscar.core.loading import get_model
print(json.dumps(get_model("order", "Order").objects.count()))
"""


def pages(found):
    """(label, host, path, shared) of every page measured; `shared`: a
    shopper page the page cache serves to first visits."""
    return [
        ("portal home", PORTAL, "/", True),
        ("village home", SHOP, "/", True),
        ("catalogue", SHOP, "/catalogue/", True),
        ("category", SHOP, found["category_url"], True),
        ("search", SHOP, f"/catalogue/?q={found['word']}", True),
        ("product page", SHOP, found["product_url"], True),
        ("API product list", SHOP, f"/api/v1/products?shop={found['shop']}", False),
    ]


PEERS = {"catalogue": "/bench/oscar/catalogue/", "product page": "stock_product_url"}


def signed_in_producer(server):
    browser = Browser(SHOP)
    page = browser.get(server, "/jual/masuk/")
    done = browser.submit(
        server,
        "/jual/masuk/",
        page,
        "/jual/masuk/",
        {"username": "081200000101", "password": "pasardesa-produsen"},
    )
    if done.status != 302:
        raise SystemExit(f"The demo producer could not sign in: HTTP {done.status}")
    return browser


def cookie_header(browser):
    return "; ".join(f"{name}={value}" for name, value in browser.cookies.items())


def basket_add(server, found):
    """The POST of an add-to-basket button, by a shopper with no basket yet."""
    browser = Browser(SHOP)
    page = browser.get(server, found["product_url"])
    token = browser.csrf_token(page)
    headers = {
        "Cookie": cookie_header(browser),
        "Referer": f"http://{SHOP}{found['product_url']}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    body = f"csrfmiddlewaretoken={token}&quantity=1"
    return f"/basket/add/{found['product']}/", headers, body


# Load before each measured line, not counted: a connection per gunicorn
# worker, so that no backlog of slow requests (stock Oscar's) is left queued
# for the measured run.
WARM_UP_SECONDS, WARM_UP_CONNECTIONS = 2, 2


def load(server, host, path, args, **options):
    """wrk's figures for the path, after a warm-up: the first line measured
    after gunicorn started had a p99 twice its p50 and the same page measured
    again just after did not (each worker's first renders and queries of a
    kind); one request would warm the caches but only one of the workers."""
    url = server + path
    # One request first, which waits out what the line before left queued
    # (stock Oscar's slow pages) and fills the caches.
    Browser(host).request(server, path, headers=options.get("headers"))
    wrk.run(url, host, connections=WARM_UP_CONNECTIONS, seconds=WARM_UP_SECONDS, **options)
    return wrk.run(url, host, connections=args.connections, seconds=args.seconds, **options)


def served_from_cache(server, host, path):
    """Whether a first visit gets a stored copy: of two requests, the second
    (the first may come just after a save retired the copies, such as one
    of the worker's tasks after seed_scale)."""
    Browser(host).request(server, path)
    answer = Browser(host).request(server, path)
    return answer.headers.get("X-Page-Cache") == "hit"


def measure_pages(server, found, args):
    """{label: {kind: wrk.Result}} with kind in shared, rendered, ceiling, peer."""
    returning = {"Cookie": "sessionid=bench-returning-shopper"}  # no such session
    results = {}
    for label, host, path, shared in pages(found):
        print(f"  {label}...", flush=True)
        kinds = results[label] = {}
        if shared:
            kinds["shared"] = load(server, host, path, args)
            if not served_from_cache(server, host, path):
                raise SystemExit(f"{label} ({host}{path}) did not come from the page cache")
        kinds["rendered"] = load(server, host, path, args, headers=returning)
        any_run = kinds.get("shared", kinds["rendered"])
        size = round(any_run.bytes / max(any_run.requests, 1))
        kinds["ceiling"] = load(server, host, f"/bench/bytes/{size}/", args)
        if label in PEERS:
            peer = PEERS[label]
            kinds["peer"] = load(server, host, found.get(peer, peer), args)
    print("  producer portal home (signed in)...", flush=True)
    producer = {"Cookie": cookie_header(signed_in_producer(server))}
    results["producer portal home"] = {
        "rendered": load(server, SHOP, f"/jual/{found['producer']}/", args, headers=producer)
    }
    print("  basket add...", flush=True)
    path, headers, body = basket_add(server, found)
    results["basket add"] = {
        "rendered": load(server, SHOP, path, args, method="POST", headers=headers, body=body)
    }
    return results


def checkout_once(server, found, timings, failures):
    """One shopper: product page, basket, each checkout step, place the order."""
    browser = Browser(SHOP)
    started = time.perf_counter()
    try:
        page = browser.get(server, found["product_url"])
        steps = [browser.submit(server, found["product_url"], page, "/basket/add/")]
        address = {
            "first_name": "Pembeli Uji",
            "phone_number": "0812 3456 7890",
            "line1": "Jl. Raya Ibun No. 5",
            "line4": "Ibun, Kabupaten Bandung",
            "state": "Jawa Barat",
            "postcode": "40384",
            "country": "ID",
        }
        for path, data in [
            ("/checkout/", {"username": "pembeli@contoh.test", "options": "anonymous"}),
            ("/checkout/shipping-address/", address),
            ("/checkout/shipping-method/", {"method_code": "pickup"}),
            ("/checkout/payment-method/", {"method": "cod"}),
            ("/checkout/preview/", {"action": "place_order"}),
        ]:
            form = browser.get(server, path)
            data = {**data, "csrfmiddlewaretoken": browser.csrf_token(form)}
            steps.append(browser.post(server, path, data, referer=path))
        if any(step.status != 302 for step in steps):
            failures.append([step.status for step in steps])
        elif "/checkout/thank-you/" not in steps[-1].location:
            failures.append(f"last step went to {steps[-1].location}")
        else:
            timings.append((time.perf_counter() - started) * 1000)
    except Exception as error:  # a refused connection, a timeout: an error all the same
        failures.append(repr(error))


def measure_checkout(stack, server, found):
    before = stack.shell(COUNT_ORDERS)
    timings, failures = [], []
    shoppers = [
        threading.Thread(target=checkout_once, args=(server, found, timings, failures))
        for _ in range(CHECKOUT_SHOPPERS)
    ]
    started = time.perf_counter()
    for shopper in shoppers:
        shopper.start()
    for shopper in shoppers:
        shopper.join()
    seconds = time.perf_counter() - started
    placed = stack.shell(COUNT_ORDERS) - before
    return {"timings": sorted(timings), "failures": failures, "placed": placed, "seconds": seconds}


def page_weights(server):
    port = urlsplit(server).port
    done = subprocess.run(
        [PYTHON, "bench/pageweight.py", "--base", f"http://{SHOP}:{port}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return done.stdout.rstrip() or done.stderr.strip()[-2000:]


def row(label, kind, result, compare=""):
    return (
        f"| {label} | {kind} | {result.rate:,.0f} | {result.p50:.1f} | {result.p95:.1f} "
        f"| {result.p99:.1f} | {result.errors} | {compare} |"
    )


def tables(results, checkout, weights, args, setup_seconds):
    lines = [
        f"## Load (bench/load.py, {time.strftime('%Y-%m-%d')})",
        "",
        f"One gunicorn with 2 sync workers on PostgreSQL, Redis and moto's S3, wrk with "
        f"2 threads and {args.connections} connections for {args.seconds} s per line, "
        f"all on this {os.cpu_count()}-core machine; the demo plus 1,000 scale products "
        f"(set up in {setup_seconds:.0f} s). *shared*: a first visit, served by the page "
        "cache; *rendered*: with a session cookie, each request renders; *ceiling*: a "
        "view answering as many bytes; *stock Oscar*: Oscar's own view and templates "
        "on the same data. Latencies in ms.",
        "",
        "| page | served | req/s | p50 | p95 | p99 | errors | compared |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    missed = []
    for label, kinds in results.items():
        ceiling, peer = kinds.get("ceiling"), kinds.get("peer")
        for kind in ("shared", "rendered"):
            result = kinds.get(kind)
            if result is None:
                continue
            compare = []
            if ceiling is not None:
                share = result.rate / ceiling.rate
                compare.append(f"{share:.2f} of ceiling")
                if kind == "shared" and share < CEILING_SHARE:
                    missed.append(f"{label}: {share:.2f} of the ceiling (target {CEILING_SHARE})")
            if peer is not None:
                times = result.rate / peer.rate
                compare.append(f"{times:.1f}x stock Oscar")
                if kind == "shared" and times < PEER_TIMES:
                    missed.append(f"{label}: {times:.1f}x stock Oscar (target {PEER_TIMES}x)")
            if result.p99 > P99_MS:
                missed.append(f"{label} ({kind}): p99 {result.p99:.0f} ms (target < {P99_MS})")
            if result.errors:
                missed.append(f"{label} ({kind}): {result.errors} errors")
            lines.append(row(label, kind, result, ", ".join(compare)))
        if ceiling is not None:
            lines.append(row(label, "ceiling", ceiling))
        if peer is not None:
            lines.append(row(label, "stock Oscar", peer))
    timings = checkout["timings"]
    lines += [
        "",
        f"Checkout: {CHECKOUT_SHOPPERS} shoppers at once, each from the product page "
        f"through every step to a cash-on-delivery order: {checkout['placed']} orders "
        f"placed, {len(checkout['failures'])} errors, {checkout['seconds']:.1f} s in all.",
    ]
    if timings:
        lines[-1] += (
            f" Per shopper: median {statistics.median(timings):.0f} ms, "
            f"slowest {timings[-1]:.0f} ms (7 requests each)."
        )
    if checkout["failures"] or checkout["placed"] != CHECKOUT_SHOPPERS:
        missed.append(f"checkout: {checkout['failures'][:5]}, {checkout['placed']} placed")
    lines += ["", "Page weight at 360 px, first visit (bench/pageweight.py):", "", "```"]
    lines += [weights, "```", ""]
    lines += (
        ["Targets missed:", ""] + [f"- {item}" for item in missed]
        if missed
        else [
            "Every target met: shared pages at >= 0.5 of the ceiling, >= 3x stock Oscar, "
            "p99 under 1 s at every line, 0 errors in checkout."
        ]
    )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--products", type=int, default=1000)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto logs every request
    started = time.monotonic()
    print("Starting PostgreSQL, Redis, S3 and gunicorn; loading the data...", flush=True)
    os.environ["BENCH_WHOOSH_PATH"] = tempfile.mkdtemp(prefix="pasardesa-whoosh-")
    os.environ.setdefault("GUNICORN_ACCESS_LOG", os.devnull)
    # wrk is one address: the API's per-address limit would answer it 429.
    os.environ["PASAR_API_RATE_PER_ADDRESS"] = "10000000/m"
    more = [
        ("seed_scale", "--villages", "10", "--producers", "100", "--products", str(args.products)),
        ("update_index",),
    ]
    with production_stack(
        1, https=False, workers=2, settings_module="bench.settings", more_data=more
    ) as stack:
        setup_seconds = time.monotonic() - started
        (server,) = stack.app_urls
        found = stack.shell(TARGETS)
        print("Pages:", flush=True)
        results = measure_pages(server, found, args)
        print(f"Checkout, {CHECKOUT_SHOPPERS} shoppers at once...", flush=True)
        checkout = measure_checkout(stack, server, found)
        print("Page weight...", flush=True)
        weights = page_weights(server)
    text = tables(results, checkout, weights, args, setup_seconds)
    print(text)
    report.write_section("Load", text)


if __name__ == "__main__":
    main()
