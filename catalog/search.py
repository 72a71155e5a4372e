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

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import BigIntegerField, F
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from oscar.core.loading import get_model
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from catalog import listing

Product = get_model("catalogue", "Product")


def product_ids_matching(query, products=None, *, whole_catalogue=False):
    """Ids of the products in `products` (default: every browsable product)
    whose title, description or code match every word of the query, best
    match first where the database ranks cheaply, else newest first.

    `whole_catalogue`: `products` are nearly every product (the portal's
    catalogue). Then the best matches of the whole index are found first
    and only they are checked against `products`: listing every product
    before matching was what made a portal search grow with the catalogue
    (bench/README.md). A village shop, a category or a filtered list keeps
    the default, which matches among its own products only, so another
    shop's or category's matches never crowd out its own."""
    if products is None:
        products = Product.objects.browsable()
    if whole_catalogue:
        limit = 2 * listing.COUNT_CAP
        best = _best_matches_in_index(query, limit)
        visible = set(products.order_by().filter(pk__in=best).values_list("pk", flat=True))
        found = [pk for pk in best if pk in visible][: listing.COUNT_CAP]
        # Exactly what matching among `products` gives, in the same order,
        # unless hidden products took so many of the best places that more
        # of the list may be further down: then match among them after all.
        if len(found) == listing.COUNT_CAP or len(best) < limit:
            return found
    # The bare rows: the caller's annotations and prefetches are for
    # rendering, not for matching.
    candidates = Product.objects.filter(pk__in=products.order_by().values("pk")).only("pk")
    return _matches(query, candidates, listing.COUNT_CAP)


def _matches(query, candidates, limit):
    # Every word must match, as shoppers expect when they add a word to
    # narrow a search ("tas rajut" is not every bag and every crochet).
    results = get_search_backend().search(
        query,
        candidates.order_by("-date_created", "-id"),
        operator="and",
        order_by_relevance=ranks_cheaply(),
    )
    # As many as a list counts: a search with more matches says "or more".
    return [product.pk for product in results[:limit]]


def _best_matches_in_index(query, limit):
    """The products whose index entries match best, with no look at the
    products themselves: on PostgreSQL the entries are ranked alone (the
    backend's own query joins every product to the index through a text
    cast before it ranks), with the backend's own query and ranking."""
    if connection.vendor != "postgresql":
        return _matches(query, Product.objects.only("pk"), limit)
    backend = get_search_backend()
    compiler = backend.query_compiler_class(Product.objects.all(), query, operator="and")
    config = compiler.get_config(backend)
    tsquery = compiler.build_tsquery(compiler.query, config=config)
    if tsquery is None:  # no words
        return []
    rank = compiler.build_tsrank(F("title"), compiler.query, config=config) * F(
        "title_norm"
    ) + compiler.build_tsrank(F("body"), compiler.query, config=config)
    entries = (
        IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(Product))
        # The expression catalogue migration 0035 indexes, as the backend matches.
        .annotate(
            document=CombinedExpression(
                F("title"), "||", F("body"), output_field=SearchVectorField()
            )
        )
        .filter(document=tsquery)
        .annotate(product_id=Cast("object_id", BigIntegerField()), rank=rank)
        .order_by("-rank", "-product_id")
    )
    return list(entries.values_list("product_id", flat=True)[:limit])


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
