import oscar.apps.dashboard.apps as apps
from django.urls import path


class DashboardConfig(apps.DashboardConfig):
    """Oscar's dashboard plus the producers' ledger, for shop operators
    (staff) only."""

    name = "storefront.dashboard"

    # Oscar's main dashboard app checks nothing for a URL its permissions_map
    # does not name (default_permissions is None), so each added URL is
    # listed here.
    ledger_urls = ("ledger-balances", "ledger-producer")

    def configure_permissions(self):
        super().configure_permissions()
        self.permissions_map.update({name: ["is_staff"] for name in self.ledger_urls})

    def get_urls(self):
        from storefront.dashboard.ledger import views as ledger_views

        urls = [
            path("saldo/", ledger_views.BalanceListView.as_view(), name="ledger-balances"),
            path(
                "saldo/<int:producer_id>/",
                ledger_views.ProducerLedgerView.as_view(),
                name="ledger-producer",
            ),
        ]
        return super().get_urls() + self.post_process_urls(urls)
