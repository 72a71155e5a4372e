from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import policy_registry

from storefront.models import ShopSettings


@hooks.register("register_admin_urls")
def register_customizer_urls():
    return [path("tema/", include("themes.urls", namespace="themes"))]


class CustomizerMenuItem(MenuItem):
    def is_shown(self, request):
        policy = policy_registry.get_by_type(ShopSettings)
        return bool(policy.sites_user_has_permission_for(request.user, "change"))


@hooks.register("register_settings_menu_item")
def register_customizer_menu_item():
    return CustomizerMenuItem(
        _("Theme customizer"), reverse("themes:index"), name="themes", icon_name="image", order=50
    )
