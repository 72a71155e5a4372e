"""The two yardsticks of bench/load.py.

- fixed_bytes: a Django view that answers N bytes and does nothing else,
  through the same middleware, gunicorn and Redis: the fastest any page of
  that size can be served on this stack (the ceiling).
- Stock Oscar's catalogue and product views with Oscar's own templates, on
  the shop's data: what a shop built on Oscar as it ships would serve
  (the peer). Oscar's catalogue runs on haystack with the simple backend,
  as Oscar's documentation sets it up.
"""

from django.http import HttpResponse
from oscar.apps.catalogue.views import CatalogueView, ProductDetailView

STOCK_ENGINE = "oscar-stock"


def fixed_bytes(request, size):
    return HttpResponse(b"x" * size, content_type="text/html; charset=utf-8")


class StockCatalogueView(CatalogueView):
    template_engine = STOCK_ENGINE


class StockProductView(ProductDetailView):
    template_engine = STOCK_ENGINE
    # Oscar would redirect to the product's own URL, which is the shop's page.
    enforce_paths = False
