"""Text search over products, through Wagtail's search backend.

The backend keeps its index in the database: SQLite's FTS5 in the embedded
set-up and PostgreSQL's full-text search (tsvector, a GIN index, the
Indonesian stemmer) in production. A product is indexed when it is saved,
bulk inserts index theirs with index_products (seed_scale), and
`manage.py wagtail_update_index` rebuilds the whole index.

Only ids leave the search, in their order: the caller renders products
from the database (a results page reads its page's rows by id,
catalog.listing.InOrderOf), so it costs the same queries as any other list
and shows the best match first. Searching
always runs over the caller's queryset (a shop's browsable products, the
API's filtered list), so a product that is hidden, deleted or practice
never comes back even while a stale index entry is still there, and a
village shop's matches are never crowded out by other shops' products.
"""

from django.db import connection
from oscar.core.loading import get_model
from wagtail.search.backends import get_search_backend

from catalog import listing

Product = get_model("catalogue", "Product")


def product_ids_matching(query, products=None):
    """Ids of the products in `products` (default: every browsable product)
    whose title, description or code match every word of the query, best
    match first where the database ranks cheaply, else newest first."""
    if products is None:
        products = Product.objects.browsable()
    # The bare rows: the caller's annotations and prefetches are for
    # rendering, not for matching.
    candidates = Product.objects.filter(pk__in=products.order_by().values("pk")).only("pk")
    # Every word must match, as shoppers expect when they add a word to
    # narrow a search ("tas rajut" is not every bag and every crochet).
    results = get_search_backend().search(
        query,
        candidates.order_by("-date_created", "-id"),
        operator="and",
        order_by_relevance=ranks_cheaply(),
    )
    # As many as a list counts: a search with more matches says "or more".
    return [product.pk for product in results[: listing.COUNT_CAP]]


def ranks_cheaply():
    """Whether matches come best first. PostgreSQL ranks every match in the
    one query that finds them; Wagtail's SQLite backend scores each match
    with a subquery of its own (0.2 s for 600 matches, 15 ms unranked), so the
    embedded set-up lists matches newest first, as the catalogue does."""
    return connection.vendor == "postgresql"


def index_products(products, chunk_size=1000):
    """Index many products at once (bulk inserts send no post_save, so
    nothing indexed them); returns how many. `products` is any queryset."""
    index = get_search_backend().get_index_for_model(Product)
    indexed = Product.get_indexed_objects().filter(pk__in=products.values("pk")).order_by("pk")
    count = 0
    last_pk = 0
    while chunk := list(indexed.filter(pk__gt=last_pk)[:chunk_size]):
        index.add_items(Product, chunk)
        count += len(chunk)
        last_pk = chunk[-1].pk
    return count


def refresh_planner_statistics():
    """ANALYZE, after loading many rows at once.

    Without statistics SQLite joins the search index the wrong way round
    (every index entry of the model, then the full-text match for each:
    230 ms instead of 3 ms at 5,000 products); PostgreSQL's autovacuum would
    get there, but only after a while.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
