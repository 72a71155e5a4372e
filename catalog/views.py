"""Catalogue pages of a village shop, rendered from the database.

Oscar browses through haystack, which costs a query per result. Here every
list comes from catalog.listing in a fixed number of queries; search
(catalog.search) only turns a text query into product ids.
"""

from urllib.parse import unquote

from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView
from oscar.apps.catalogue import views
from oscar.apps.catalogue.views import *  # noqa: F403  Oscar's fork convention
from oscar.core.loading import get_model

from catalog import listing, search
from storefront import page_cache

Category = get_model("catalogue", "Category")


class ProductListView(ListView):
    """Shared by the catalogue index, search and category pages."""

    template_name = "oscar/catalogue/browse.html"
    context_object_name = "products"
    paginator_class = listing.CappedPaginator

    def get_paginate_by(self, queryset):
        from django.conf import settings

        return settings.OSCAR_PRODUCTS_PER_PAGE

    def get_query(self):
        return self.request.GET.get("q", "").strip()[:200]

    def get_queryset(self):
        """The list's products; a search's best match first (the ids of
        its matches are all it keeps), else newest first."""
        products = self.get_products()
        query = self.get_query()
        if not query:
            return products
        # Found once for every shopper of the shop who asks the same,
        # whatever the page, and retired with the pages.
        ids = page_cache.shared(
            self.request,
            "search",
            [query, *self.get_search_scope()],
            lambda: search.product_ids_matching(
                query, products, whole_catalogue=self.searches_whole_catalogue()
            ),
            per_url=False,
        )
        return listing.InOrderOf(products, ids)

    def get_products(self):
        return listing.products_for_site(self.request.site)

    def get_search_scope(self):
        """What else than the words the search's ids depend on."""
        return []

    def searches_whole_catalogue(self):
        """The portal's catalogue lists every shop's products."""
        site = self.request.site
        return site is None or site.is_default_site

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if isinstance(queryset, listing.InOrderOf):
            return paginator  # counted as it is: a list of ids
        # Counted once for every visitor of this list (the grid itself is a
        # shared fragment of the template), retired with the pages.
        paginator.count = page_cache.shared(
            self.request, "count", [], lambda: listing.capped_count(queryset)
        )
        return paginator

    def paginate_queryset(self, queryset, page_size):
        """A page number that does not exist shows the last page, not a 404:
        shoppers follow old links from WhatsApp."""
        try:
            return super().paginate_queryset(queryset, page_size)
        except Http404:
            paginator = self.get_paginator(queryset, page_size)
            try:
                page = paginator.page(paginator.num_pages)
            except InvalidPage:
                raise
            return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.get_query()
        context["result_count"] = context["paginator"].count
        context["result_count_capped"] = context["paginator"].is_capped
        context["categories"] = Category.get_root_nodes().filter(is_public=True)
        return context


class CatalogueView(ProductListView):
    pass


class ProductCategoryView(ProductListView):
    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=kwargs["pk"], is_public=True)
        expected = self.category.get_absolute_url()
        if unquote(expected) != unquote(request.path):
            return HttpResponsePermanentRedirect(expected)
        return super().get(request, *args, **kwargs)

    def get_products(self):
        return listing.in_category(super().get_products(), self.category)

    def get_search_scope(self):
        return [self.category.pk]

    def searches_whole_catalogue(self):
        return False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        return context


class ProductDetailView(views.ProductDetailView):
    """A product page, only in the shop its producer sells in (the portal
    shows every shop's products).

    The view fetches the product's own row; its photos, stock and details
    are fetched by the part of the page that shows them, a shared fragment
    (listing.fetch_product_page_related), so a returning shopper's page
    costs a query for the product and a cache read for the rest."""

    def get_queryset(self):
        return listing.product_for_page(self.request.site)

    def get_object(self, queryset=None):
        if hasattr(self, "object"):
            return self.object
        try:
            return super().get_object(queryset)
        except Http404:
            raise Http404(_("This product does not exist or is not sold in this shop.")) from None

    def get_context_data(self, **kwargs):
        # Not Oscar's: its stock alert form and alert lookup are not on the page.
        context = DetailView.get_context_data(self, **kwargs)
        context["producer"] = self.object.producer
        return context
