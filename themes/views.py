"""The theme customizer in the CMS: pick a village shop's theme, set its
colours, logo, font, home image and footer text, preview the shop with
them, then publish. Operators reach only the shops whose settings they may
change (Wagtail's site settings permissions)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Site
from wagtail.permissions import policy_registry

from storefront.models import ShopSettings
from themes import preview, registry
from themes.forms import CustomizerForm


def _policy():
    return policy_registry.get_by_type(ShopSettings)


def index(request):
    sites = _policy().sites_user_has_permission_for(request.user, "change")
    if not sites:
        raise PermissionDenied
    return TemplateResponse(
        request,
        "themes/customizer_index.html",
        {
            "shops": [(site, ShopSettings.for_site(site)) for site in sites],
            "themes": registry.installed(),
        },
    )


def customize(request, site_id):
    site = get_object_or_404(Site, pk=site_id)
    shop = ShopSettings.for_site(site)
    if not _policy().user_has_permission_for_instance(request.user, "change", shop):
        raise PermissionDenied
    if request.method != "POST":
        theme = registry.get(shop.theme)
        form = CustomizerForm(theme=theme, initial=_initial(theme, shop))
        return _render(request, site, form, preview_url=None)

    theme = registry.get(request.POST.get("theme") or shop.theme)
    form = CustomizerForm(request.POST, theme=theme)
    changed_theme = theme.key != shop.theme and request.POST.get("action") == "choose"
    if changed_theme or not form.is_valid():
        if changed_theme:  # show the new theme's own options with their defaults
            form = CustomizerForm(theme=theme, initial=_initial(theme, shop, theme.key))
        return _render(request, site, form, preview_url=None)
    values = form.option_values()
    if request.POST.get("action") == "publish":
        shop.theme = theme.key
        shop.theme_options = values
        shop.save(update_fields=["theme", "theme_options"])
        messages.success(
            request,
            _("%(site)s now uses the theme %(theme)s.")
            % {"site": site.site_name, "theme": theme.name},
        )
        return redirect("themes:customize", site_id=site.pk)
    path = form.cleaned_data.get("preview_page") or "/"
    preview_url = preview.url_for(request, site, path, theme.key, values)
    return _render(request, site, form, preview_url=preview_url)


def screenshot(request, key):
    """A theme's screenshot for the customizer (themes are files, served
    from their folder)."""
    theme = registry.installed().get(key)
    path = theme.path / theme.screenshot if theme and theme.screenshot else None
    if path is None or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")


def _initial(theme, shop, key=None):
    stored = shop.theme_options if (key or shop.theme) == shop.theme else {}
    return {"theme": theme.key, "preview_page": "/", **CustomizerForm.initial_for(theme, stored)}


def _render(request, site, form, preview_url):
    return TemplateResponse(
        request,
        "themes/customizer.html",
        {
            "site": site,
            "form": form,
            "theme": form.theme,
            "themes": registry.installed(),
            "preview_url": preview_url,
        },
    )
