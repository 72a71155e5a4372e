"""The API object: its routers, security, rate limits and error format.

Each area of the API is one router module; a new endpoint goes into the
router of its area and into tests/api/test_api_access.py (the access
matrix).
"""

from ninja import NinjaAPI

from api import errors, pages, producer, public, shopper
from api.security import anonymous
from api.throttles import PerAddressThrottle, PerTokenThrottle


class PasarDesaApi(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """Ninja's schema, saying which operations anyone may call: their
        security also lists the empty requirement ({}), OpenAPI's "no
        credentials needed"."""
        schema = super().get_openapi_schema(**kwargs)
        open_to_anyone = {
            self.get_openapi_operation_id(operation)
            # Ninja binds each router's operations, with their auth, per API.
            for router in self._get_bound_routers()
            for path_view in router.path_operations.values()
            for operation in path_view.operations
            if anonymous in (operation.auth_callbacks or [])
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                if operation.get("operationId") in open_to_anyone:
                    operation.setdefault("security", []).append({})
        return schema


api = PasarDesaApi(
    title="Pasar Desa API",
    version="1",
    description=(
        "Everything a shopper or a producer can do in the village shops. "
        "Anonymous calls see the public shops; a producer or facilitator "
        "sends an API token (made on her account page) as "
        "Authorization: Bearer pd_…. Errors always come as "
        '{"code", "message", "fields"}; the message is in the language '
        "asked for (Accept-Language, or ?lang=id|en)."
    ),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    throttle=[PerTokenThrottle(), PerAddressThrottle()],
)
errors.install(api)

api.add_router("/", public.router)
api.add_router("/", pages.router)
api.add_router("/", shopper.router)
api.add_router("/", producer.router)
