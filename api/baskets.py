"""Baskets for API callers.

An anonymous caller's basket is named by a basket token (the basket's id,
signed, so ids cannot be guessed): she gets one with her first line and
sends it back as the X-Basket-Token header. A signed-in caller has her own
open basket; a basket token she sends along is merged into it, as Oscar
merges the cookie basket when a shopper signs in on the site.
"""

from django.core import signing
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from api.errors import ApiError
from catalog import listing

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")

HEADER = "X-Basket-Token"
SALT = "api.basket"


def token_for(basket):
    """The token naming an anonymous basket (None for a signed-in owner's)."""
    if basket is None or basket.owner_id is not None:
        return None
    return signing.dumps(basket.pk, salt=SALT)


def _anonymous_basket(token):
    try:
        basket_id = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        basket_id = None
    basket = Basket.open.filter(pk=basket_id, owner__isnull=True).first()
    if basket is None:
        raise ApiError(
            404,
            "unknown_basket",
            _("This basket does not exist any more. Start a new one by adding a product."),
        )
    return basket


def basket_for(request, *, create=False):
    """The caller's open basket with the shop's prices and stock, or None
    when she has none yet (and ``create`` is off)."""
    token = request.headers.get(HEADER, "").strip()
    anonymous = _anonymous_basket(token) if token else None
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        basket = Basket.open.filter(owner=user).order_by("pk").first()
        if basket is None:
            basket = Basket.objects.create(owner=user)
        if anonymous is not None:
            basket.merge(anonymous, add_quantities=False)
    elif anonymous is not None:
        basket = anonymous
    elif create:
        basket = Basket.objects.create()
    else:
        return None
    basket.strategy = Selector().strategy(request=request, user=request.user)
    return basket


def products_sold_here(request):
    """The products a basket in this village shop may hold."""
    return listing.products_for_site(getattr(request, "site", None))


def foreign_lines(request, basket):
    """Lines of ``basket`` whose product this shop does not sell (a basket
    token carried from another shop's API)."""
    sold = products_sold_here(request).filter(
        pk__in=[line.product_id for line in basket.all_lines()]
    )
    sold_ids = set(sold.values_list("pk", flat=True))
    return [line for line in basket.all_lines() if line.product_id not in sold_ids]
