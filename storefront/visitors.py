"""Who is asking: a person, or a machine fetching a page for itself.

Link previews (WhatsApp, Facebook and Telegram fetch a link to draw its
card), crawlers, scripts and browser prefetches are not people: they must
not be counted as a view (stats.counting) nor a share (sharing.recording).
In-app browsers (Facebook, Instagram, Telegram-Android) are people.
"""

import re

#: Words in the User-Agent of crawlers, link-preview fetchers and scripts.
MACHINE_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|preview|linkexpand|externalhit|facebookcatalog|meta-externalagent"
    r"|whatsapp|skype|discord|slack|embedly|pinterest|vkshare|quora link|google-|mediapartners"
    r"|lighthouse|headless|pingdom|uptime|monitor|scrapy|semrush|ahrefs|petalsearch|bytespider"
    r"|curl|wget|python|httpx|aiohttp|go-http|okhttp|httpclient|libwww|java/|node-fetch|axios",
    re.IGNORECASE,
)
PURPOSE_HEADERS = ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz")


def is_machine(request):
    agent = request.headers.get("User-Agent", "").strip()
    return not agent or bool(MACHINE_AGENTS.search(agent))


def is_prefetch(request):
    """A browser fetching ahead of a click that may never come."""
    purposes = " ".join(request.headers.get(name, "") for name in PURPOSE_HEADERS).lower()
    return any(word in purposes for word in ("prefetch", "prerender", "preview"))
