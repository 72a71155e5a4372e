"""Portal URLs, collected from one module per area so each area owns its own
routes. Every route here must appear in tests/test_portal_access.py."""

from vendors.portal.views import (
    account,
    api_tokens,
    go_to,
    home,
    orders,
    posters,
    practice,
    pricing,
    products,
    profile,
    statement,
    stats,
)

app_name = "portal"

urlpatterns = [
    *account.urlpatterns,  # literal paths (masuk/, keluar/...) before <producer>/
    *api_tokens.urlpatterns,
    *go_to.urlpatterns,  # ke/<action>/: literal too, before <producer>/...
    *home.urlpatterns,
    *profile.urlpatterns,
    *products.urlpatterns,
    *orders.urlpatterns,
    *practice.urlpatterns,
    *statement.urlpatterns,
    *stats.urlpatterns,
    *posters.urlpatterns,
    *pricing.urlpatterns,
]
