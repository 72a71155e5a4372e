"""The one paginator of every API list: ``?page=`` and ``?page_size=``,
answering ``{"items": [...], "count": n}`` (n capped at catalog.listing.COUNT_CAP).

Ninja's own paginator takes any page number, and a page beyond what the
database can count to (an OFFSET past 64 bits) fails there with a 500;
here the page number has a ceiling, so such a request is a 422 like any
other bad input."""

from typing import Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from catalog.listing import COUNT_CAP

#: Far more pages than any shop has (at 100 per page, 100 million items).
MAX_PAGE = 1_000_000


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=100)

    class Output(Schema):
        items: list[Any]
        count: int = Field(
            description=f"How many items the list has, exact up to {COUNT_CAP:,}; "
            f"{COUNT_CAP:,} means that many or more (the pages go on)."
        )
