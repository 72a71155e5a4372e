"""Recording a share: one row per deliberate click, none for machines.

Link previews, crawlers, HEAD requests, browser prefetches
(storefront.visitors) and pages that load the button as an image would
otherwise count as shares a producer never made.
"""

from oscar.core.loading import get_model

from sharing.models import Share
from storefront import visitors

Partner = get_model("partner", "Partner")


def is_person(request):
    """True when a person clicked: a GET navigation from a browser."""
    if request.method != "GET" or visitors.is_machine(request) or visitors.is_prefetch(request):
        return False
    # Browsers say how a request was made; an <img> or fetch() pointing at
    # the button is not a click. Older browsers send nothing: trust them.
    mode = request.headers.get("Sec-Fetch-Mode")
    return mode in (None, "navigate")


def record(target, link):
    """One Share row for the click; the sharer is the producer whose ref
    the (signed) code carries, if she still exists."""
    sharer = None
    if link.sharer is not None:
        sharer = Partner.objects.filter(pk=link.sharer).values_list("pk", flat=True).first()
    return Share.objects.create(
        producer=target.producer, product=target.product, channel=link.channel, sharer_id=sharer
    )
