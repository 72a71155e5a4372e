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
from django.db.models.expressions import CombinedExpression, RawSQL
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
    and only they are looked up among `products`: listing every product
    before matching was what made a portal search grow with the catalogue
    (bench/README.md). A village shop, a category or a filtered list keeps
    the default, which matches among its own products only, so another
    shop's or category's matches never crowd out its own."""
    if products is None:
        products = Product.objects.browsable()
    if whole_catalogue:
        return _best_in_index(query, products, listing.COUNT_CAP)
    return _matches_among(query, products, listing.COUNT_CAP)


def _matches_among(query, products, limit):
    # The bare rows: the caller's annotations and prefetches are for
    # rendering, not for matching.
    candidates = Product.objects.filter(pk__in=products.order_by().values("pk")).only("pk")
    return _matches(query, candidates, limit)


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
    # Their ids straight from the database: up to 2,000 model instances
    # cost more than the query (bench/README.md).
    return list(results[:limit].get_queryset().values_list("pk", flat=True))


def _best_in_index(query, products, limit):
    """The first `limit` ids that matching among `products` gives, in the
    same order, from the best `2 * limit` matches of the whole index.

    Only when products that are not on sale took so many of those places
    that the list may go on further down does it match among `products`
    after all."""
    examined = 2 * limit
    if connection.vendor == "postgresql":
        found, more = _best_on_postgresql(query, products, limit, examined)
    else:
        found, more = _best_on_sqlite(query, products, limit, examined)
    if len(found) < limit and more:
        return _matches_among(query, products, limit)
    return found


def _best_on_postgresql(query, products, limit, examined):
    """The index entries are ranked alone (the backend's own query joins
    every product to the index, through a text cast, before it ranks), and
    the best `examined` are looked up among `products` best first, until
    `limit` are found; and whether more entries match than were examined."""
    entries = _entries_matching(query)
    if entries is None:  # no words
        return [], False
    found = _found_among(_ranked(entries, query)[:examined], products, limit)
    # Asked even of a full list, so that every search costs the same queries.
    more = entries[: examined + 1].count() > examined
    return found, more


def _best_on_sqlite(query, products, limit, examined):
    """The newest `examined` matches of the whole index, kept if they are in
    `products`; and whether more may match."""
    best = _matches(query, Product.objects.only("pk"), examined)
    kept = set(products.order_by().filter(pk__in=best).values_list("pk", flat=True))
    return [pk for pk in best if pk in kept][:limit], len(best) == examined


def _entries_matching(query):
    """The product index entries matching every word, as the backend
    matches them (title || body: the expression catalogue migration 0035
    indexes); None for a query without words."""
    compiler, config = _compiler(query)
    tsquery = compiler.build_tsquery(compiler.query, config=config)
    if tsquery is None:
        return None
    document = CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())
    return (
        IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(Product))
        .annotate(document=document)
        .filter(document=tsquery)
    )


def _ranked(entries, query):
    """`entries` with their product's id, best first, ranked as the
    backend ranks (title weighted by its norm, plus the body)."""
    compiler, config = _compiler(query)
    rank = compiler.build_tsrank(F("title"), compiler.query, config=config) * F(
        "title_norm"
    ) + compiler.build_tsrank(F("body"), compiler.query, config=config)
    return entries.annotate(product_id=Cast("object_id", BigIntegerField()), rank=rank).order_by(
        "-rank", "-product_id"
    )


def _compiler(query):
    """The backend's query compiler for `query`, and its text search config."""
    backend = get_search_backend()
    compiler = backend.query_compiler_class(Product.objects.all(), query, operator="and")
    return compiler, compiler.get_config(backend)


def _found_among(ranked, products, limit):
    """The first `limit` products of `products` in the order of the
    `ranked` entries, in one query.

    Each entry's product is looked up on its own (a LATERAL join, with
    LIMIT 1 so the planner cannot turn it into a join of all products), in
    rank order, and the query stops at the `limit`-th product found. Joined
    as a set, PostgreSQL hashes every product on sale first: at 100,000
    products that took longer than the ranking itself (bench/README.md).
    The ORM has no LATERAL join, hence the SQL around its two queries."""
    ranked_sql, ranked_params = ranked.values("product_id", "rank").query.sql_with_params()
    product_sql, product_params = (
        products.order_by()
        .filter(pk=RawSQL("best.product_id", ()))
        .values("pk")[:1]
        .query.sql_with_params()
    )
    sql = (
        f"SELECT best.product_id FROM ({ranked_sql}) best "
        f"CROSS JOIN LATERAL ({product_sql}) found "
        "ORDER BY best.rank DESC, best.product_id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*ranked_params, *product_params, limit))
        return [row[0] for row in cursor.fetchall()]


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
