"""Portal views: a producer's products, and their URLs.

Adding a product takes three short screens (products_add): photos, which
create a hidden draft; name, price, category, description and the photos'
order; then stock or made to order, which puts it in the shop. The list
(products_list) changes stock and price in one tap each; edit, hide/show,
duplicate and (soft) delete (products_manage) and photos (products_photos)
are one step away. What changes a product lives in catalog.editing.

Every product is looked up among this producer's own, not deleted products,
so another producer's product is a 404 and nothing changes. Every change is
passed to ``self.audit``, which logs it when someone acts for the producer.
"""

from django.urls import path

from vendors.portal.views.products_add import (
    ProductAddView,
    ProductDetailsView,
    ProductStockView,
)
from vendors.portal.views.products_list import (
    ProductListView,
    ProductPriceQuickView,
    ProductStockQuickView,
)
from vendors.portal.views.products_manage import (
    ProductDeleteView,
    ProductDuplicateView,
    ProductEditView,
    ProductToggleView,
)
from vendors.portal.views.products_photos import ProductPhotosView

P = "<slug:producer>/produk/"
urlpatterns = [
    path(P, ProductListView.as_view(), name="product-list"),
    path(f"{P}baru/", ProductAddView.as_view(), name="product-add"),
    path(f"{P}<int:pk>/detail/", ProductDetailsView.as_view(), name="product-details"),
    path(f"{P}<int:pk>/stok/", ProductStockView.as_view(), name="product-stock"),
    path(f"{P}<int:pk>/ubah/", ProductEditView.as_view(), name="product-edit"),
    path(f"{P}<int:pk>/foto/", ProductPhotosView.as_view(), name="product-photos"),
    path(f"{P}<int:pk>/tampil/", ProductToggleView.as_view(), name="product-toggle"),
    path(f"{P}<int:pk>/salin/", ProductDuplicateView.as_view(), name="product-duplicate"),
    path(f"{P}<int:pk>/hapus/", ProductDeleteView.as_view(), name="product-delete"),
    path(f"{P}<int:pk>/stok-cepat/", ProductStockQuickView.as_view(), name="product-stock-quick"),
    path(f"{P}<int:pk>/harga-cepat/", ProductPriceQuickView.as_view(), name="product-price-quick"),
]
