from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """Producers' statistics. What is counted is wired in the analytics fork
    (storefront.analytics.receivers), which replaces Oscar's per-view writes."""

    name = "stats"
    verbose_name = _("Statistics")
