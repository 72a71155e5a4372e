"""Text search over products through haystack (Whoosh by default)."""

from haystack.query import SearchQuerySet
from haystack.signals import RealtimeSignalProcessor
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


class BrowsableSignalProcessor(RealtimeSignalProcessor):
    """Keeps the index to what shoppers may find.

    Haystack's realtime processor indexes every saved product, whatever
    Oscar's index_queryset says; a product that is not browsable (hidden,
    deleted, from a practice shop) is taken out of the index instead."""

    def handle_save(self, sender, instance, **kwargs):
        if isinstance(instance, Product) and not (
            Product.objects.browsable().filter(pk=instance.pk).exists()
        ):
            return self.handle_delete(sender, instance, **kwargs)
        return super().handle_save(sender, instance, **kwargs)
