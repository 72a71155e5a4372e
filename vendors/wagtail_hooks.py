"""Producer groups and commission rates in the CMS (producers themselves live
in Oscar's dashboard, under Partners, where their user accounts are
managed)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from vendors.models import CommissionRate, ProducerGroup


class ProducerGroupViewSet(SnippetViewSet):
    model = ProducerGroup
    icon = "group"
    list_display = ["name", "kind", "village"]
    list_filter = ["kind"]
    search_fields = ["name"]


register_snippet(ProducerGroupViewSet)


class CommissionRateViewSet(SnippetViewSet):
    """Categories whose commission differs from their shop's own rate (set in
    the shop's settings)."""

    model = CommissionRate
    icon = "cog"
    menu_label = _("Commission by category")
    list_display = ["category", "site", "percent"]
    list_filter = ["site"]
    add_to_settings_menu = True


register_snippet(CommissionRateViewSet)
