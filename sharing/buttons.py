"""The share buttons of a product or a shop: plain links, no JavaScript.

Each button links to the recording view with a code for its channel, so
rendering the buttons writes nothing and costs no query for a shopper. On a
public page the ref is the producer's own when the signed-in visitor acts
for her (vendors.access.managed_producers); shoppers share with no ref.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from sharing import codes
from sharing.models import Channel
from vendors import access

Partner = get_model("partner", "Partner")

LABELS = {
    Channel.WHATSAPP: "WhatsApp",
    Channel.FACEBOOK: "Facebook",
    Channel.LINK: _("Copy link"),
}
CSS = {
    Channel.WHATSAPP: "contact-whatsapp",
    Channel.FACEBOOK: "secondary",
    Channel.LINK: "secondary",
}


@dataclass(frozen=True)
class Button:
    channel: str
    label: str
    url: str
    css: str
    #: Networks open in a new tab, so the shopper keeps the shop's page.
    new_tab: bool


def link_for(obj, channel, sharer=None):
    """The Link of a product (or a producer's whole shop) on ``channel``."""
    if isinstance(obj, Partner):
        return codes.Link(codes.SHOP, obj.pk, channel, sharer)
    return codes.Link(codes.PRODUCT, obj.pk, channel, sharer)


def buttons(obj, sharer=None):
    """WhatsApp, Facebook and "copy link" buttons for ``obj``."""
    return [
        Button(
            channel=channel,
            label=str(label),
            url=reverse("sharing:share", args=[codes.encode(link_for(obj, channel, sharer))]),
            css=CSS[channel],
            new_tab=channel != Channel.LINK,
        )
        for channel, label in LABELS.items()
    ]


def producer_of(obj):
    return obj if isinstance(obj, Partner) else obj.producer


def visitor_sharer(request, producer_id):
    """The producer id to put in the ref when this visitor acts for the
    producer, else None."""
    if request is None:
        return None
    return producer_id if access.acts_for(request, producer_id) else None
