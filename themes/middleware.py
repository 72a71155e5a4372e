"""Each request is rendered with its village shop's theme and options, or
with the draft an operator is previewing in the customizer."""

from storefront import shops
from themes import active, preview


class ThemeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        shop = shops.shop_settings(request)
        key, chosen = (shop.theme, shop.theme_options) if shop else (None, {})
        draft = preview.draft_for(request, shop)
        if draft is not None:
            key, chosen = draft
        with active.using(key, chosen, preview=draft is not None):
            response = self.get_response(request)
        if draft is not None:
            preview.allow_framing(request, response)
        return response
