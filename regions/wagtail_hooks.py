"""Regions in the CMS, so an operator can add a village without a developer."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from regions.models import District, Province, Regency, Village


class ProvinceViewSet(SnippetViewSet):
    model = Province
    search_fields = ["name"]


class RegencyViewSet(SnippetViewSet):
    model = Regency
    list_display = ["name", "province"]
    search_fields = ["name"]


class DistrictViewSet(SnippetViewSet):
    model = District
    list_display = ["name", "regency"]
    search_fields = ["name"]


class VillageViewSet(SnippetViewSet):
    model = Village
    list_display = ["name", "district"]
    list_filter = ["district"]
    search_fields = ["name"]


class RegionsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Regions")
    menu_icon = "site"
    items = [ProvinceViewSet, RegencyViewSet, DistrictViewSet, VillageViewSet]


register_snippet(RegionsViewSetGroup)
