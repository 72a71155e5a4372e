"""Portal URLs, collected from one module per area so each area owns its own
routes. Every route here must appear in tests/test_portal_access.py."""

from vendors.portal.views import account, api_tokens, home, orders, products, profile, statement

app_name = "portal"

urlpatterns = [
    *account.urlpatterns,  # literal paths (masuk/, keluar/...) before <producer>/
    *api_tokens.urlpatterns,
    *home.urlpatterns,
    *profile.urlpatterns,
    *products.urlpatterns,
    *orders.urlpatterns,
    *statement.urlpatterns,
]
