"""Whole shopper pages, shared by every visitor who has no session yet.

Why: most visits to a village shop are first visits from a link shared in
a WhatsApp group, on a phone with no cookie of the shop yet. Their pages
are the same for all of them (an empty basket, no messages, not signed
in), so one rendering in the shared cache (Redis in production) serves
them all, on every app server. Rendering a catalogue page costs tens of
milliseconds of Python; a copy from the cache costs one round trip.

What is kept: the 200 text/html answers of the views in CACHED_VIEWS to a
GET from a visitor without a session, basket or messages cookie, keyed by
scheme, host, full path (query included) and language. Anyone with one of
those cookies, or any other request, goes through the views as before.

What differs per visitor on a copy:

- The CSRF token. The copy is stored with a placeholder where each form's
  token was, and each visitor gets a token of her own (and the cookie
  that goes with it), exactly as a rendering would give her.
- Page-view statistics. A rendering notes what it counted
  (stats.counting), the copy keeps that note, and each visitor served from
  it is counted, or not, by the same rules.

Freshness: every key includes a generation number kept in the cache. A
saved or deleted catalogue, producer, page or shop-settings object bumps
it (on_change), which retires every copy on every server at once.
Changes that send no signal (a queryset update such as the stock taken by
a checkout) show when the copy expires, after PAGE_CACHE_SECONDS; adding
to the basket and checking out always read the database, so a stale copy
can never sell what is not there.

PAGE_CACHE_SECONDS = 0 turns it off, which is the embedded default
(storefront.settings): LocMemCache is per process.
"""

import hashlib
import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from stats import counting

logger = logging.getLogger(__name__)

# Views whose answer is the same for every visitor without a session.
CACHED_VIEWS = frozenset(
    {
        "wagtail_serve",  # village home, stories, lessons, about, producer directory
        "catalogue:index",  # catalogue and search (?q=)
        "catalogue:category",
        "catalogue:detail",
        "vendors:producer-list",
        "vendors:producer-detail",
    }
)

# Models whose change can show on a shopper page: every model of these
# apps...
WATCHED_APPS = frozenset(
    {
        "catalogue",
        "offer",
        "regions",  # village and district names on product cards
        "storefront",
        "themes",
        "wagtailcore",
        "wagtailimages",
        "wagtailredirects",
        "wagtailsettings",
        "sites",
    }
)
# ...and these of the producers' app, not its ledger, audit or fulfilment
# rows, written with every order and every facilitator's step (nor shares:
# a share is a row too, and shops are shared all day).
WATCHED_MODELS = frozenset({"partner.partner", "partner.producergroup", "partner.stockrecord"})

HEADERS_KEPT = ("Content-Type", "Content-Language", "Link", "X-Robots-Tag")
GENERATION_KEY = "page-cache:generation"
CSRF_PLACEHOLDER = "\x00csrf\x00"
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')


def seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def request_generation(request):
    """The generation, read once per page view: its shared parts all come
    from one generation, for one cache round trip. A POST reads it afresh
    each time, as what it saves may retire the pages."""
    if request.method not in ("GET", "HEAD"):
        return generation()
    if not hasattr(request, "_page_cache_generation"):
        request._page_cache_generation = generation()
    return request._page_cache_generation


def fragment_key(request, name, vary_on, number, per_url=True):
    """A shared part's key: its name, what it varies on, the language, and
    the page's URL (or only its host, for a part of every page of a shop)."""
    url = f"{request.scheme}://{request.get_host()}"
    if per_url:
        url += request.get_full_path()
    text = "\x00".join([url, *map(str, vary_on)])
    digest = hashlib.sha256(text.encode()).hexdigest()
    return f"page-cache:{number}:{translation.get_language()}:{name}:{digest}"


def shared(request, name, vary_on, make, per_url=True):
    """What ``make()`` returns for this URL and language, from the cache
    when another request made it: a part of a page that holds nothing of
    the visitor's own, a page of a public API list, the shop's menu (not
    ``per_url``). The key has the generation in it, so such parts are
    retired with the pages.

    With PAGE_CACHE_SECONDS = 0, or the cache unreachable, it is made for
    each request as without a cache."""
    if not seconds():
        return make()
    try:
        key = fragment_key(request, name, vary_on, request_generation(request), per_url)
        stored = cache.get(key)
    except Exception:
        logger.warning("page cache unreachable", exc_info=True)
        return make()
    if stored is None:
        stored = make()
        try:
            cache.set(key, stored, seconds())
        except Exception:
            logger.warning("shared part not stored in the page cache", exc_info=True)
    return stored


def shared_fragment(request, name, vary_on, render, csrf_token=None):
    """A part of a page (a product grid, a home page's blocks, a product's
    photos and text, the SEO head) for any visitor, signed in or not. The
    CSRF token of a form in it is kept as a placeholder and given back as
    the visitor's own: ``csrf_token``, the one the rest of the page shows,
    when the caller has it."""

    if not seconds():
        return render()

    def rendered():
        return CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", str(render()))

    text = shared(request, name, vary_on, rendered)
    if CSRF_PLACEHOLDER in text:
        text = text.replace(CSRF_PLACEHOLDER, str(csrf_token or get_token(request)))
    return text


def on_change(sender, **kwargs):
    """Retire every stored page: something a shopper page shows has changed."""
    watched = sender._meta.app_label in WATCHED_APPS or sender._meta.label_lower in WATCHED_MODELS
    if not watched or not seconds():
        return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing is stored under one
        cache.add(GENERATION_KEY, 1, timeout=None)
    except Exception:
        logger.warning("page cache generation not bumped", exc_info=True)


def connect_signals():
    for signal in (post_save, post_delete):
        signal.connect(on_change, dispatch_uid=f"page_cache_{signal}")
    m2m_changed.connect(on_change, dispatch_uid="page_cache_m2m")


def is_cookieless(request):
    """Has the visitor nothing of her own on this shop yet?"""
    own = (
        settings.SESSION_COOKIE_NAME,
        settings.OSCAR_BASKET_COOKIE_OPEN,
        getattr(settings, "MESSAGES_COOKIE_NAME", "messages"),
    )
    return not any(name in request.COOKIES for name in own)


def page_key(request, number):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"page-cache:{number}:{translation.get_language()}:{digest}"


class PageCacheMiddleware:
    """Serves and stores the copies; after CsrfViewMiddleware, so that a
    visitor's own token gets its cookie on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (seconds() and request.method == "GET" and is_cookieless(request)):
            return self.get_response(request)
        try:
            key = page_key(request, generation())
            stored = cache.get(key)
        except Exception:
            logger.warning("page cache unreachable", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            return self.from_copy(request, stored)
        response = self.get_response(request)
        if self.is_shared(request, response):
            self.store(request, response, key)
        return response

    def is_shared(self, request, response):
        match = getattr(request, "resolver_match", None)
        return (
            match is not None
            and match.view_name in CACHED_VIEWS
            and response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and "private" not in response.get("Cache-Control", "")
            and "no-" not in response.get("Cache-Control", "")
            and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        )

    def store(self, request, response, key):
        text = CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", response.content.decode())
        stored = {
            "content": text,
            "headers": {name: response[name] for name in HEADERS_KEPT if response.has_header(name)},
            "views": getattr(request, "counted_views", []),
        }
        try:
            cache.set(key, stored, seconds())
        except Exception:
            logger.warning("page not stored in the page cache", exc_info=True)
        response["X-Page-Cache"] = "miss"

    def from_copy(self, request, stored):
        content = stored["content"]
        if CSRF_PLACEHOLDER in content:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request))
        response = HttpResponse(content, headers=stored["headers"])
        response["X-Page-Cache"] = "hit"
        counting.count_cached_page_views(request, stored["views"])
        return response
