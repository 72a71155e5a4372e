"""The lazy rendition view: generate a product photo rendition on first request."""

import logging

from django.core.files.storage import default_storage
from django.http import Http404, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from catalog import renditions

logger = logging.getLogger(__name__)

ONE_DAY = 24 * 60 * 60


@require_safe
def rendition(request, width, fmt, path):
    """Redirect (302) to the stored rendition, generating it if needed.

    Only the allowed widths and formats, and only clean names under the
    product image folder: anything else is a 404, so nobody can make the
    server render arbitrary files or sizes.
    """
    if width not in renditions.WIDTHS or fmt not in renditions.FORMATS:
        raise Http404("No such rendition.")
    if not renditions.is_product_image_name(path):
        raise Http404("No such product image.")
    try:
        stored = renditions.render(path, width, fmt)
    except renditions.RenditionError:
        logger.warning("Cannot render %s at %s px as %s", path, width, fmt, exc_info=True)
        raise Http404("No such product image.") from None
    response = HttpResponseRedirect(default_storage.url(stored))
    patch_cache_control(response, public=True, max_age=ONE_DAY)
    return response
