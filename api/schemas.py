"""Shapes shared by every router: money, photos, errors.

Money is IDR in whole rupiah as an integer (Rp 25.000 is 25000): rupiah
have no minor unit in practice, and an integer cannot be misread.
"""

from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from api.errors import ErrorOut
from catalog import renditions

#: The refusals any operation may answer with, all in the one error format.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


#: A database id sent by a client: a number the database can hold (SQLite
#: and PostgreSQL integers are 64-bit; a bigger one must be a 422, not a 500).
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


def responses(ok, *extra_codes, status=200):
    """An operation's response map: ``ok`` on success, ErrorOut otherwise."""
    codes = dict(ERRORS)
    for code in extra_codes:
        codes[code] = ErrorOut
    return {status: ok, **codes}


def rupiah(amount):
    """Decimal rupiah -> int (amounts are kept whole by storefront.money)."""
    if amount is None:
        return None
    return int(Decimal(amount))


class PhotoOut(Schema):
    """One photo at several widths; pick the smallest that fills the screen."""

    caption: str
    #: {"160": url, "320": url, …} in WebP, which every current phone shows.
    webp: dict[str, str]
    jpeg: dict[str, str]


def photo(name, caption="", request=None):
    def urls(fmt):
        by_width = renditions.rendition_urls(name, fmt)
        return {str(width): _absolute(request, url) for width, url in by_width.items()}

    return PhotoOut(caption=caption or "", webp=urls("webp"), jpeg=urls("jpeg"))


def _absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path
