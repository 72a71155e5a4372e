"""``|with_page_related``: a product with its photos, stock and details.

    {% shared_fragment "product_buy" %}{% with product=product|with_page_related %}
    ...{% endwith %}{% endshared_fragment %}

Inside the product page's shared fragment, so they are fetched only when
the fragment is rendered, not for a visitor who is served its copy.
"""

from django import template

from catalog import listing

register = template.Library()


@register.filter
def with_page_related(product):
    return listing.fetch_product_page_related(product)
