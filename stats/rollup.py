"""Moving closed buckets of counts (stats.counting) from the cache into
daily rows (stats.DailyStat) and Oscar's ProductRecord.

Why this shape:

- Few queries, whatever the traffic: the cache is read with three
  ``get_many`` calls, and each table gets one ``INSERT ... ON CONFLICT DO
  NOTHING`` of the missing rows, one SELECT and one bulk UPDATE of
  ``views = views + n`` (F expressions in a CASE), so concurrent writers
  never lose an increment.
- Exactly once: RollupMark holds the first bucket not yet counted, and is
  moved in the same transaction as the counts, only from the value read
  (``UPDATE ... WHERE bucket = old``). A second rollup racing the first
  updates nothing and adds nothing; a rollup that fails adds nothing and
  leaves its buckets for the next one.
- A cache lock (``cache.add``, atomic on every backend) keeps two servers
  from doing the same work at once: the one that does not get it returns
  at once (the portal page then shows what is counted so far).
- ProductRecord.num_views and num_basket_additions are bumped here too, so
  Oscar's dashboard product report stays right without a write per view.
- Counts for a producer or product deleted since are dropped.
"""

import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from oscar.core.loading import get_model

from stats import counting
from stats.models import DailyStat, RollupMark

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductRecord = get_model("analytics", "ProductRecord")

LOCK_KEY = f"{counting.PREFIX}rollup-lock"
LOCK_SECONDS = 120
MARK = "counts"


def closed_until(now):
    """The first bucket that is not closed at ``now``."""
    return (int(now.timestamp()) - counting.GRACE_SECONDS) // counting.BUCKET_SECONDS


def bucket_date(bucket):
    moment = datetime.fromtimestamp(bucket * counting.BUCKET_SECONDS, tz=UTC)
    return timezone.localdate(moment, timezone.get_default_timezone())


def run(now=None):
    """Roll up every closed bucket. Returns the number of events counted,
    or None when another rollup holds the lock."""
    store = counting.cache()
    token = uuid.uuid4().hex
    if not store.add(LOCK_KEY, token, LOCK_SECONDS):
        return None
    try:
        return _roll_up(store, now or timezone.now())
    finally:
        if store.get(LOCK_KEY) == token:
            store.delete(LOCK_KEY)


def _roll_up(store, now):
    until = closed_until(now)
    oldest = until - counting.KEEP_SECONDS // counting.BUCKET_SECONDS
    mark, _created = RollupMark.objects.get_or_create(name=MARK, defaults={"bucket": oldest})
    buckets = range(max(mark.bucket, oldest), until)
    if not buckets:
        return 0
    events, keys = read_buckets(store, buckets)
    with transaction.atomic():
        moved = RollupMark.objects.filter(name=MARK, bucket=mark.bucket).update(bucket=until)
        if not moved:
            return 0  # another rollup counted these buckets meanwhile
        events = _drop_deleted(events)
        _add_daily(events)
        _add_product_records(events)
    store.delete_many(keys)
    return sum(events.values())


def read_buckets(store, buckets):
    """{(date, kind, producer_id, product_id): count} of the buckets, and
    the cache keys read (to delete once counted)."""
    sizes = store.get_many([counting.size_key(bucket) for bucket in buckets])
    index_keys = {}
    for bucket in buckets:
        for number in range(1, (sizes.get(counting.size_key(bucket)) or 0) + 1):
            index_keys[counting.index_key(bucket, number)] = bucket
    names = store.get_many(list(index_keys))
    counters = {
        counting.counter_key(index_keys[key], name): (index_keys[key], name)
        for key, name in names.items()
    }
    values = store.get_many(list(counters))
    events = Counter()
    for key, count in values.items():
        if not count:
            continue
        bucket, name = counters[key]
        kind, producer_id, product_id = counting.parse_name(name)
        events[(bucket_date(bucket), kind, producer_id, product_id)] += int(count)
    return events, [*sizes, *names, *values]


def _drop_deleted(events):
    producers = {producer for _date, _kind, producer, _product in events}
    products = {product for _date, _kind, _producer, product in events if product}
    alive_producers = set(Partner.objects.filter(pk__in=producers).values_list("pk", flat=True))
    alive_products = set(Product.objects.filter(pk__in=products).values_list("pk", flat=True))
    return Counter(
        {
            key: count
            for key, count in events.items()
            if key[2] in alive_producers and (key[3] is None or key[3] in alive_products)
        }
    )


def _add_daily(events):
    deltas = defaultdict(Counter)
    for (date, kind, producer_id, product_id), count in events.items():
        deltas[(date, producer_id, product_id)][counting.FIELDS[kind]] += count
    if not deltas:
        return
    DailyStat.objects.bulk_create(
        [DailyStat(date=d, producer_id=pr, product_id=pd) for d, pr, pd in deltas],
        ignore_conflicts=True,
    )
    rows = DailyStat.objects.filter(
        date__in={key[0] for key in deltas}, producer_id__in={key[1] for key in deltas}
    ).only("pk", "date", "producer_id", "product_id")
    changed = []
    for row in rows:
        delta = deltas.get((row.date, row.producer_id, row.product_id))
        if delta:
            row.views = F("views") + delta["views"]
            row.basket_adds = F("basket_adds") + delta["basket_adds"]
            changed.append(row)
    DailyStat.objects.bulk_update(changed, ["views", "basket_adds"])


def _add_product_records(events):
    """Oscar's all-time counters, for its dashboard's product report."""
    deltas = defaultdict(Counter)
    for (_date, kind, _producer, product_id), count in events.items():
        if product_id:
            deltas[product_id][counting.FIELDS[kind]] += count
    if not deltas:
        return
    ProductRecord.objects.bulk_create(
        [ProductRecord(product_id=product_id) for product_id in deltas], ignore_conflicts=True
    )
    records = list(ProductRecord.objects.filter(product_id__in=deltas).only("pk", "product_id"))
    for record in records:
        delta = deltas[record.product_id]
        record.num_views = F("num_views") + delta["views"]
        record.num_basket_additions = F("num_basket_additions") + delta["basket_adds"]
    ProductRecord.objects.bulk_update(records, ["num_views", "num_basket_additions"])
