"""What the public lists share: a shop filter and pages built per page."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from wagtail.models import Site

from api.errors import invalid
from catalog import listing


class Built:
    """A queryset or list the paginator counts and slices as it is, whose
    page is then turned into API items by ``build(page_items)``: the work per
    item is done for one page only, with whatever that page needs looked up
    once for all of it."""

    def __init__(self, items, build):
        self.items, self.build = items, build

    def all(self):
        return self

    def count(self):
        """Exact up to COUNT_CAP: counting every product of a province on
        each page grows with the catalogue, and past COUNT_CAP nobody
        reads the number (paging on still works)."""
        if isinstance(self.items, QuerySet):
            return listing.capped_count(self.items)
        return min(len(self.items), listing.COUNT_CAP)

    def __getitem__(self, index):
        return self.build(list(self.items[index]))


class Shared:
    """A public list, the same for every client: ``make()`` gives its Built
    and is called only when the page asked for is not in the shared cache
    (api.pagination)."""

    def __init__(self, make):
        self.make = make


def each(build, *args):
    return lambda items: [build(item, *args) for item in items]


def shop_filter(shop_id):
    """The village shop ``?shop=`` names, None without one; 422 if unknown."""
    if shop_id is None:
        return None
    site = Site.objects.filter(pk=shop_id, is_default_site=False).select_related("root_page")
    site = site.first()
    if site is None:
        raise invalid({"shop": [_("There is no village shop with this id.")]})
    return site
