"""Text search over products through haystack (Whoosh by default)."""

from haystack.query import SearchQuerySet
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")

MAX_RESULTS = 500


def product_ids_matching(query):
    """Ids of products whose indexed text matches the query, best first.

    Only ids leave the search engine: the caller renders products from the
    database, so a results page costs the same queries as any other list.
    """
    results = SearchQuerySet().models(Product).auto_query(query)[:MAX_RESULTS]
    return [int(result.pk) for result in results if result is not None]
