"""The shop's URLs plus the benchmark's yardsticks (bench/views.py)."""

from django.urls import include, path

from bench import views
from storefront.urls import handler404, handler500  # noqa: F401  the shop's error pages

urlpatterns = [
    path("bench/bytes/<int:size>/", views.fixed_bytes),
    path("bench/oscar/catalogue/", views.StockCatalogueView.as_view()),
    path("bench/oscar/catalogue/<slug:product_slug>_<int:pk>/", views.StockProductView.as_view()),
    path("", include("storefront.urls")),
]
