"""The one paginator of every API list: ``?page=`` and ``?page_size=``,
answering ``{"items": [...], "count": n}``.

Ninja's own paginator takes any page number, and a page beyond what the
database can count to (an OFFSET past 64 bits) fails there with a 500;
here the page number has a ceiling, so such a request is a 422 like any
other bad input."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

#: Far more pages than any shop has (at 100 per page, 100 million items).
MAX_PAGE = 1_000_000


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=100)
