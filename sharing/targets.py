"""What a share code points at, and every URL built from it.

Views and posters ask here, so the share buttons, the short links, the
WhatsApp message and the QR poster all agree. Every address is built
server-side from database objects: nothing a visitor sends ever becomes a
redirect destination.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model
from wagtail.models import Site

from sharing import codes
from sharing.models import Channel
from storefront import money

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
Selector = get_class("partner.strategy", "Selector")

#: The channels a share button records (QR shares are poster downloads).
BUTTON_CHANNELS = (Channel.WHATSAPP, Channel.FACEBOOK, Channel.LINK, Channel.INSTAGRAM)
#: Channels whose button leads to the copy page rather than to a network.
COPY_CHANNELS = (Channel.LINK, Channel.INSTAGRAM)


@dataclass
class Target:
    """A shared product or shop, found again from its code.

    ``product`` is None for a shop. A practice shop's product or shop
    (``practice``) is never shown: its links lead to a page saying so. A
    real product that left the shop (hidden, deleted) falls back to its
    producer's shop page, so old links and posters still lead somewhere.
    """

    producer: object
    product: object = None
    practice: bool = False
    product_gone: bool = False

    @property
    def shows_product(self):
        return self.product is not None and not self.product_gone

    def title(self):
        return self.product.title if self.product is not None else self.producer.name

    def public_path(self):
        if self.shows_product:
            return self.product.get_absolute_url()
        return self.producer.get_absolute_url()


def find(link):
    """The Target of a decoded code, or None when nothing shareable is left:
    no such product or shop, or a real shop that closed."""
    if link.kind == codes.PRODUCT:
        product = (
            Product.objects.select_related("producer__site", "producer__village__district")
            .filter(pk=link.target, producer__isnull=False)
            .first()
        )
        if product is None:
            return None
        producer = product.producer
        if producer.is_practice:
            return None if product.deleted_at else Target(producer, product, practice=True)
        if not producer.is_active:
            return None
        gone = not is_public_product(product)
        return Target(producer, product, product_gone=gone)
    producer = (
        Partner.objects.select_related("site", "village__district").filter(pk=link.target).first()
    )
    if producer is None:
        return None
    if producer.is_practice:
        return Target(producer, practice=True)
    return Target(producer) if producer.is_active else None


def is_public_product(product):
    """The rule of catalog.listing.browsable_products, for one product in
    hand (the producer's activity and practice flag are checked by find)."""
    return (
        product.is_public
        and product.deleted_at is None
        and product.structure in (Product.STANDALONE, Product.CHILD)
    )


def is_shareable_product(product):
    """Products that get share buttons and posters in the portal: those a
    visitor can see (or, in a practice shop, would see)."""
    return product.is_public and product.deleted_at is None


def sharer_code(link):
    """The ref code (producer code) the link carries, or None."""
    if link.sharer is None:
        return None
    return Partner.objects.filter(pk=link.sharer).values_list("code", flat=True).first()


# --- addresses ----------------------------------------------------------------


def shop_root(producer):
    """The producer's village shop address (http(s)://host[:port]), or the
    regional portal's for a producer without a shop."""
    site = producer.site or Site.objects.filter(is_default_site=True).first()
    return site.root_url if site is not None else ""


def host_label(producer):
    """The shop's address as people type it: "ibun.pasardesa.id"."""
    root = shop_root(producer)
    return root.split("://", 1)[-1]


def short_url(link, producer):
    """The short link on the producer's shop host: what people share."""
    return f"{shop_root(producer)}{reverse('sharing:link', args=[codes.encode(link)])}"


def destination(target, link, ref):
    """Where a short link lands: the product or shop page on the right shop
    host, tagged with the channel and the sharer's ref for the statistics."""
    query = {"utm_source": link.channel, "utm_medium": "share"}
    if ref:
        query["utm_campaign"] = ref
    return f"{shop_root(target.producer)}{target.public_path()}?{urlencode(query)}"


def price_text(product):
    """The price a shopper would see, "Rp 25.000", or "" when it has none."""
    price = Selector().strategy(practice=True).fetch_for_product(product).price
    if not price.exists:
        return ""
    return money.format_rupiah(price.incl_tax if price.is_tax_known else price.excl_tax)


def message(target, url):
    """The text of a WhatsApp share: title, price and the short link."""
    if target.product is not None:
        parts = [target.product.title, price_text(target.product)]
    else:
        village = target.producer.village
        parts = [target.producer.name, village.name if village else ""]
    first_line = " - ".join(part for part in parts if part)
    if target.practice:
        first_line = _("Practice: %(title)s") % {"title": first_line}
    return f"{first_line}\n{url}"


def network_url(target, link):
    """Where a share button sends the sharer, built here and only here:
    wa.me, Facebook's sharer, or our own copy page."""
    url = short_url(link, target.producer)
    if link.channel == Channel.WHATSAPP:
        return f"https://wa.me/?text={quote(message(target, url), safe='')}"
    if link.channel == Channel.FACEBOOK:
        return f"https://www.facebook.com/sharer/sharer.php?u={quote(url, safe='')}"
    return reverse("sharing:copy", args=[codes.encode(link)])
