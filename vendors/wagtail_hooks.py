"""Producer groups in the CMS (producers themselves live in Oscar's dashboard,
under Partners, where their user accounts are managed)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from vendors.models import ProducerGroup


class ProducerGroupViewSet(SnippetViewSet):
    model = ProducerGroup
    icon = "group"
    list_display = ["name", "kind", "village"]
    list_filter = ["kind"]
    search_fields = ["name"]


register_snippet(ProducerGroupViewSet)
