"""The one paginator of every API list: ``?page=`` and ``?page_size=``,
answering ``{"items": [...], "count": n}`` (n capped at catalog.listing.COUNT_CAP).

Ninja's own paginator takes any page number, and a page beyond what the
database can count to (an OFFSET past 64 bits) fails there with a 500;
here the page number has a ceiling, so such a request is a 422 like any
other bad input.

A public list (api.listing.Shared) is every client's: each of its pages is
made once and kept in the shared cache with the page cache's generation
(storefront.page_cache.shared), so apps polling the catalogue cost a
cache read, and a change to a product retires every kept page at once."""

from typing import Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from api.listing import Shared
from catalog.listing import COUNT_CAP
from storefront import page_cache

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

    def paginate_queryset(self, queryset, pagination, request, **params):
        if not isinstance(queryset, Shared):
            return super().paginate_queryset(queryset, pagination, request, **params)

        def page():
            listed = super(Pages, self).paginate_queryset(
                queryset.make(), pagination, request, **params
            )
            return {**listed, "items": list(listed["items"])}

        return page_cache.shared(request, "api-list", [], page)
