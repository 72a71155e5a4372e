"""Previewing a theme before publishing it.

The customizer signs the draft (theme and option values) into a token and
shows the shop page with ``?pratinjau=<token>`` in a frame. The token is the
whole draft, signed with the project's secret key and valid for an hour, so
any app server can show the preview and nothing is stored until the
operator publishes. A token made for one village shop is refused on
another.
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core import signing

PARAMETER = "pratinjau"
SALT = "themes.preview"
MAX_AGE = 60 * 60


def token_for(site, theme_key, values):
    return signing.dumps(
        {"site": site.pk, "theme": theme_key, "values": values}, salt=SALT, compress=True
    )


def url_for(request, site, path, theme_key, values):
    """The absolute URL of ``path`` on the shop, shown with the draft: on
    the shop's hostname, with the scheme and port the operator's own
    request came in on (the CMS and the shops are served together)."""
    query = urlencode({PARAMETER: token_for(site, theme_key, values)})
    port = request.get_port()
    standard = port == ("443" if request.is_secure() else "80")
    host = site.hostname if standard else f"{site.hostname}:{port}"
    return f"{request.scheme}://{host}{path}?{query}"


def draft_for(request, shop):
    """(theme key, option values) of a valid preview token in the request
    for this shop, else None."""
    token = request.GET.get(PARAMETER)
    if not token or shop is None:
        return None
    try:
        draft = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(draft, dict) or draft.get("site") != shop.site_id:
        return None
    return draft.get("theme"), draft.get("values") or {}


def allow_framing(request, response):
    """Let the customizer, on the CMS's host, show this preview in a frame;
    and never cache a preview."""
    if "X-Frame-Options" in response:
        del response["X-Frame-Options"]
    response["Content-Security-Policy"] = f"frame-ancestors 'self' {cms_origin()}"
    response["Cache-Control"] = "private, no-store"


def cms_origin():
    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return f"{parts.scheme}://{parts.netloc}"
