import oscar.apps.analytics.apps as apps


class AnalyticsConfig(apps.AnalyticsConfig):
    """Oscar's analytics without its write per product view and per basket
    addition: those are counted in the cache and rolled up (stats.counting,
    stats.rollup). Its models, migrations and dashboard reports stay."""

    name = "storefront.analytics"

    def ready(self):
        # Not super().ready(): it imports oscar.apps.analytics.receivers,
        # which connects the per-view writes.
        from storefront.analytics import receivers  # noqa: F401
