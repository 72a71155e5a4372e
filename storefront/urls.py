from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from storefront import sitemaps, views

handler404 = "storefront.views.page_not_found"
handler500 = "storefront.views.server_error"

# Crawlers' files of each village shop, on its own hostname.
seo_urlpatterns = [
    path("robots.txt", sitemaps.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap-section"),
]

urlpatterns = [
    path("", include((seo_urlpatterns, "seo"))),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("django-admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("pesanan/", views.OrderLookupView.as_view(), name="order-lookup"),
    path("bayar/", include("storefront.payment.urls")),
    path("produsen/", include("vendors.urls")),
    path("jual/", include("vendors.portal.urls")),
    path("latih/", include("training.urls")),
    path("program/", include("programme.urls")),
    path("api/", include("api.urls")),
    # Product photo renditions, made on first request and stored.
    path("r/", include("catalog.rendition_urls")),
    path("", include("sharing.urls")),  # short share links /s/..., share buttons /bagikan/...
]

if settings.SERVE_MEDIA:
    urlpatterns.append(path("media/<path:path>", views.media, name="media"))

urlpatterns += [
    # Oscar: catalogue, basket, checkout, accounts, search and /dashboard/.
    path("", include(apps.get_app_config("oscar").urls[0])),
    # Wagtail serves everything else: each village shop's pages.
    path("", include(wagtail_urls)),
]
