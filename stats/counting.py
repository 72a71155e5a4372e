"""Counting page views and basket additions without writing to the database.

Why: a product page is the page shoppers open most, from WhatsApp links on
slow phones. Oscar's analytics wrote a row per view (an UPDATE, often an
INSERT too); under a share going round a village group that is one write
per request, serialised on the hottest rows, and on SQLite a write lock per
page view. So a view only touches the cache, and a rollup (stats.rollup)
adds up closed minutes into daily rows in a few bulk queries.

Design, which works with any cache that has an atomic ``incr`` (Redis in
production, shared by every app server; LocMemCache in development and
tests, which is per process, so there only one process's views count):

- Time is cut into buckets of BUCKET_SECONDS. A bucket holds one counter
  per thing counted ("v:<producer>:<product>" for a view, "b:..." for a
  basket addition; no product for the producer's shop page):
  ``stats:<bucket>:c:<name>``, bumped with ``cache.incr``.
- The first hit of a counter in a bucket (``cache.add`` succeeds for one
  caller only) also lists it in the bucket's index: ``stats:<bucket>:n``
  is incremented and ``stats:<bucket>:k:<n>`` holds the counter's name, so
  the rollup can find every counter with ``get_many`` (caches cannot list
  keys). Keys are few: one per product seen in a minute, not one per view.
- Nothing here is kept in process memory, and nothing reads the database
  for an anonymous visitor. A signed-in visitor costs one small query (is
  she the producer, or someone who acts for her?).
- Keys expire after KEEP_SECONDS: the rollup must run within that time
  (the task worker runs ``manage.py rollup_stats``; the portal's stats page
  runs it too). Statistics are best effort: a cache that is flushed or
  evicts loses some minutes of counts, never corrupts them, and a cache
  that is down never breaks a page. LocMemCache keeps 300 keys by default
  (settings CACHES OPTIONS MAX_ENTRIES): plenty for development.
- Servers' clocks must agree within GRACE_SECONDS (NTP does): a bucket
  is closed GRACE_SECONDS after it ends by the rolling server's clock.

Not counted: bots, crawlers and link previewers (WhatsApp and Facebook
fetch a link to draw its preview card), clients without a User-Agent, HEAD
and prefetch requests, and anyone who manages the producer
(vendors.access.managed_producers): her own looks are not shoppers' interest.
"""

import logging

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from storefront import visitors

logger = logging.getLogger("stats")

BUCKET_SECONDS = 60
# A bucket is closed this long after it ends: a request that took its
# bucket just before the minute turned has had time to write.
GRACE_SECONDS = 10
KEEP_SECONDS = 3 * 24 * 3600
PREFIX = "stats:"

VIEW = "v"
BASKET_ADD = "b"
FIELDS = {VIEW: "views", BASKET_ADD: "basket_adds"}


# Crawlers and link previewers (Googlebot, bingbot, TelegramBot... all say
# "bot"; WhatsApp and facebookexternalhit fetch a link to draw its card) and
# scripts. Not the in-app browsers real shoppers use (Facebook's FBAN,
# Instagram, Telegram-Android, Pinterest for Android): they are not listed.
def cache():
    return caches[getattr(settings, "STATS_CACHE", "default")]


def bucket_of(moment):
    return int(moment.timestamp()) // BUCKET_SECONDS


def size_key(bucket):
    return f"{PREFIX}{bucket}:n"


def index_key(bucket, number):
    return f"{PREFIX}{bucket}:k:{number}"


def counter_key(bucket, name):
    return f"{PREFIX}{bucket}:c:{name}"


def counter_name(kind, producer_id, product_id=None):
    return f"{kind}:{producer_id}:{product_id or ''}"


def parse_name(name):
    """(kind, producer_id, product_id or None) of a counter name."""
    kind, producer_id, product_id = name.split(":")
    return kind, int(producer_id), int(product_id) if product_id else None


# --- who counts ----------------------------------------------------------------


def manages(request, producer_id):
    """Does this visitor act for the producer, or run the shop (operators
    checking a listing are not shoppers either)? No query when anonymous;
    the share buttons of the same page ask the same (vendors.access)."""
    from vendors import access

    return access.is_operator(getattr(request, "user", None)) or access.acts_for(
        request, producer_id
    )


def counts(request, producer_id, *, page_view=True):
    """Is this request a shopper's, to be counted? Cheapest checks first."""
    if producer_id is None or request is None:
        return False
    if page_view and (request.method != "GET" or visitors.is_prefetch(request)):
        return False
    if visitors.is_machine(request):
        return False
    return not manages(request, producer_id)


# --- recording -------------------------------------------------------------------


def record(kind, producer_id, product_id=None, *, now=None):
    """Add one to a counter of the current bucket, in the cache only."""
    bucket = bucket_of(now or timezone.now())
    name = counter_name(kind, producer_id, product_id)
    key = counter_key(bucket, name)
    store = cache()
    try:
        if store.add(key, 0, KEEP_SECONDS):
            store.add(size_key(bucket), 0, KEEP_SECONDS)
            number = store.incr(size_key(bucket))
            store.set(index_key(bucket, number), name, KEEP_SECONDS)
        store.incr(key)
    except ValueError:
        # The key expired or was evicted between add and incr: one lost count.
        logger.info("stats counter %s vanished", key)
    except Exception:
        # A cache that is down must never break a shopper's page.
        logger.warning("stats counter %s not recorded", key, exc_info=True)


def _producer_of(product):
    if product.producer_id is None and product.parent_id:
        return product.parent.producer_id
    return product.producer_id


def count_product_view(request, product):
    _count_page_view(request, _producer_of(product), product.pk)


def count_producer_view(request, producer):
    _count_page_view(request, producer.pk)


def _count_page_view(request, producer_id, product_id=None):
    """Count the view, and note on the request what the page counts: a
    shared copy of it (storefront.page_cache) counts each visitor it serves."""
    if request is not None:
        request.__dict__.setdefault("counted_views", []).append((producer_id, product_id))
    if counts(request, producer_id):
        record(VIEW, producer_id, product_id)


def count_cached_page_views(request, views):
    """The views a page noted when it was rendered, for a visitor served a copy."""
    for producer_id, product_id in views:
        if counts(request, producer_id):
            record(VIEW, producer_id, product_id)


def count_basket_addition(request, product):
    producer_id = _producer_of(product)
    if counts(request, producer_id, page_view=False):
        record(BASKET_ADD, producer_id, product.pk)
