import oscar.apps.dashboard.apps as apps
from django.urls import path


class DashboardConfig(apps.DashboardConfig):
    """Oscar's dashboard plus the producers' ledger (staff only: Oscar's
    default dashboard permission applies to every URL added here)."""

    name = "storefront.dashboard"

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
