"""Recording a share: one row per deliberate click, none for machines.

Link previews (WhatsApp, Facebook, Telegram fetch a link to draw its card),
crawlers, HEAD requests, browser prefetches and pages that load the button
as an image would otherwise count as shares a producer never made.
"""

import re

from oscar.core.loading import get_model

from sharing.models import Share

Partner = get_model("partner", "Partner")

#: Words in the User-Agent of crawlers and link-preview fetchers.
MACHINE_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|facebookcatalog|meta-externalagent"
    r"|whatsapp|telegram|skype|discord|slack|embedly|pinterest|vkshare|quora link"
    r"|curl|wget|python|java/|go-http|okhttp|httpclient|libwww|headless|lighthouse|monitor",
    re.IGNORECASE,
)


def is_person(request):
    """True when a person clicked: a GET navigation from a browser."""
    if request.method != "GET":
        return False
    agent = request.headers.get("User-Agent", "")
    if not agent or MACHINE_AGENTS.search(agent):
        return False
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    if "prefetch" in purpose.lower() or "prerender" in purpose.lower():
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
