"""Rate limits per API token and per client address.

Counts live in the shared cache (Redis in production), so every app server
counts the same requests. Rates are read from settings on each request
(PASAR_API_RATE_PER_TOKEN, PASAR_API_RATE_PER_ADDRESS: "requests/period").
With the cache unreachable nothing is counted and every request is let
through: a rate limit is not worth the shop's app being down with Redis.
"""

import logging

from django.conf import settings
from ninja.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


class SettingsRateThrottle(SimpleRateThrottle):
    setting = ""

    def __init__(self):
        # The rate is read per request (below), not fixed at import.
        self.rate = None

    def allow_request(self, request):
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            return super().allow_request(request)
        except Exception:
            logger.warning("API rate limit not counted: cache unreachable", exc_info=True)
            return True


class PerTokenThrottle(SettingsRateThrottle):
    scope = "token"
    setting = "PASAR_API_RATE_PER_TOKEN"

    def get_cache_key(self, request):
        token = getattr(request, "api_token", None)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


class PerAddressThrottle(SettingsRateThrottle):
    scope = "address"
    setting = "PASAR_API_RATE_PER_ADDRESS"

    def get_cache_key(self, request):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
