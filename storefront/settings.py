"""
Settings for Pasar Desa.

The defaults run anywhere with nothing but Python: SQLite, local media, inline
tasks and console mail. Production values come from environment variables
(see README.md); nothing here may keep state in one process's memory that
another app server would need.
"""

import copy
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers as corsheaders_default_headers
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403  Oscar's documented way to get its defaults

import themes.registry
from storefront import production

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env("DJANGO_SECRET_KEY", "insecure-dev-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", ".localhost", "127.0.0.1", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# HTTPS behind a reverse proxy: secure cookies, HSTS, the proxy's header
# (DJANGO_HTTPS=true; storefront.production.https_settings).
globals().update(production.https_settings())

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Pasar Desa
    "storefront.apps.StorefrontConfig",
    "themes",
    "regions",
    "training",
    "programme",
    "lessons",
    "sharing",
    "stats",
    "api",
    # Swagger UI's own files for the API docs, served locally (not from a CDN)
    "ninja",
    "corsheaders",
    # Oscar, with our forks in place of the stock apps they replace
    "storefront.apps.PasarDesaShop",
    "storefront.analytics.apps.AnalyticsConfig",
    "storefront.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "storefront.shipping.apps.ShippingConfig",
    "catalog.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "vendors.apps.PartnerConfig",
    "storefront.basket.apps.BasketConfig",
    "storefront.payment.apps.PaymentConfig",
    "storefront.offer.apps.OfferConfig",
    "oscar.apps.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "oscar.apps.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "storefront.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.orders.apps.OrdersDashboardConfig",
    "oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "haystack",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Sign-in throttling for the producer portal, the shop and the admins.
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before CommonMiddleware, as django-cors-headers asks: it answers
    # preflight requests of the allowed origins for /api/.
    "corsheaders.middleware.CorsMiddleware",
    "storefront.middleware.VillageShopMiddleware",
    "storefront.middleware.ShopLanguageMiddleware",
    "themes.middleware.ThemeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Inside CsrfViewMiddleware: a shared copy still gets its visitor's token.
    "storefront.page_cache.PageCacheMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as axes requires: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "storefront.urls"
WSGI_APPLICATION = "storefront.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The village shop's theme (and its parents) first, so a theme can
        # override any app template; then the apps' own (themes.loaders).
        "DIRS": [],
        "APP_DIRS": False,
        "OPTIONS": {
            "loaders": [
                (
                    "themes.loaders.Loader",
                    [
                        "themes.loaders.ThemeDirectoriesLoader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.core.context_processors.metadata",
                "storefront.context_processors.village_shop",
                "themes.context_processors.theme",
            ],
        },
    },
]

# SQLite by default; DATABASE_URL (postgres://user:pass@host:5432/name) for
# PostgreSQL through psycopg 3.
if env("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            env("DATABASE_URL"), conn_max_age=60, conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(BASE_DIR / "var" / "db.sqlite3")),
            # IMMEDIATE: a writing transaction takes the write lock when it
            # begins, so checkouts racing for the last unit queue up instead
            # of failing half way with "database is locked".
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
            # A file, not memory, so browser tests' live server shares the data.
            "TEST": {"NAME": env("SQLITE_TEST_PATH", str(BASE_DIR / "var" / "test_db.sqlite3"))},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The embedded default; production shares one Redis among its app servers.
# Room for the statistics counters between two rollups (stats.counting).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}
# Background tasks (storefront.tasks): inline in the embedded default, on
# RQ when there is a Redis (PASAR_TASKS=inline keeps them inline).
PASAR_TASKS = "inline"
REDIS_URL = env("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = production.redis_caches(REDIS_URL)
    # Sessions in the shared cache, written through to the database, so a
    # Redis restart signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    RQ_QUEUES = production.rq_queues(REDIS_URL)
    INSTALLED_APPS.append("django_rq")
    PASAR_TASKS = env("PASAR_TASKS", "rq")
# Shopper pages of visitors without a session, shared through the cache
# (storefront.page_cache). Off without Redis: LocMemCache is per process.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "60" if REDIS_URL else "0"))

# Axes first: it refuses a locked-out attempt before any password is checked.
# Then phone numbers (most producers have no email), emails (Oscar), and
# plain usernames (operators in /cms/ and /django-admin/).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "vendors.auth_backends.PhoneBackend",
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After 5 wrong passwords for one username from one address, signing in
# pauses for 15 minutes. Username *and* address, so one person cannot lock a
# whole computer lab (PKBM) out, nor lock a producer out from everywhere.
# Phone numbers are counted in their stored +62 form: 0812... and +62812...
# share one count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "vendors.auth_backends.axes_username"
AXES_LOCKOUT_CALLABLE = "vendors.portal.views.account.locked_out"
# Behind a reverse proxy every attempt comes from the proxy's address: tell
# Axes how many proxies there are and which header holds the client address
# (one nginx: AXES_IPWARE_PROXY_COUNT=1 and AXES_IPWARE_META_PRECEDENCE_ORDER=
# HTTP_X_FORWARDED_FOR,REMOTE_ADDR). Default: no proxy, REMOTE_ADDR only.
# Axes reads these through django-ipware (django-axes[ipware]).
AXES_IPWARE_PROXY_COUNT = (
    int(env("AXES_IPWARE_PROXY_COUNT")) if env("AXES_IPWARE_PROXY_COUNT", "").strip() else None
)
AXES_IPWARE_META_PRECEDENCE_ORDER = tuple(
    env_list("AXES_IPWARE_META_PRECEDENCE_ORDER", ["REMOTE_ADDR"])
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/accounts/"
WAGTAILADMIN_LOGIN_URL = "/cms/login/"

# Languages: Bahasa Indonesia first, English second. A shop's own default
# language (ShopSettings.language) applies when the visitor has not chosen.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Payment receipts shoppers upload: served only through views that check
    # who asks (storefront.payment.views), never from MEDIA_URL.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private"))},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Several app servers: media in an S3-compatible bucket (storefront.production).
if env("AWS_STORAGE_BUCKET_NAME", "").strip():
    STORAGES = production.s3_storages(STORAGES["staticfiles"]["BACKEND"])
STATICFILES_DIRS = themes.registry.static_dirs()
# Serve media from Django only in the embedded set-up; production uses S3.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not env("AWS_STORAGE_BUCKET_NAME", "").strip())

# Mail: console by default; SMTP when EMAIL_HOST is set.
if env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    # For EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend.
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Pasar Desa <pesanan@pasardesa.localhost>")
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL

SITE_ID = 1

# Wagtail
WAGTAIL_SITE_NAME = "Pasar Desa"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp", "heic"]

# Oscar
OSCAR_SHOP_NAME = "Pasar Desa"
OSCAR_DEFAULT_CURRENCY = "IDR"
# Rupiah the Indonesian way in both languages: "Rp 25.000", no decimals.
OSCAR_CURRENCY_FORMAT = {
    "IDR": {"format": "¤\u00a0#,##0", "currency_digits": False, "locale": "id_ID"}
}
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_HOMEPAGE = "/"
# Rupiah have no cents: offer discounts in whole rupiah (storefront.money).
OSCAR_OFFER_ROUNDING_FUNCTION = "storefront.money.round_discount"
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "line1", "line4", "phone_number")
OSCAR_HIDDEN_FEATURES = ["reviews", "wishlists"]
OSCAR_IMAGE_FOLDER = "products/%Y/%m/"
OSCAR_MISSING_IMAGE_URL = "image_not_found.jpg"
OSCAR_THUMBNAILER = "oscar.core.thumbnails.SorlThumbnail"
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"
PHONENUMBER_DEFAULT_REGION = "ID"

# Order and line status pipelines. The stored values are English; people see
# them translated (vendors/fulfilment.py marks every status for translation).
OSCAR_INITIAL_ORDER_STATUS = "Processing"
OSCAR_ORDER_STATUS_PIPELINE = {
    "Awaiting payment": ("Processing", "Cancelled"),
    "Processing": ("Complete", "Cancelled"),
    "Complete": (),
    "Cancelled": (),
}
# Each producer moves her own lines through these steps (vendors/fulfilment.py).
OSCAR_INITIAL_LINE_STATUS = "New"
OSCAR_LINE_STATUS_PIPELINE = {
    "New": ("Confirmed", "Cancelled"),
    "Confirmed": ("Packed", "Cancelled"),
    "Packed": ("Shipped", "Ready for pickup", "Cancelled"),
    "Shipped": ("Delivered",),
    "Ready for pickup": ("Delivered", "Cancelled"),
    "Delivered": (),
    "Cancelled": (),
}

# The dashboard's Fulfilment menu (the one listing orders) also lists the
# producers' balances.
OSCAR_DASHBOARD_NAVIGATION = copy.deepcopy(OSCAR_DASHBOARD_NAVIGATION)  # noqa: F405  oscar.defaults
for _entry in OSCAR_DASHBOARD_NAVIGATION:
    if any(child.get("url_name") == "dashboard:order-list" for child in _entry.get("children", [])):
        _entry["children"].append(
            {"label": _("Producer balances"), "url_name": "dashboard:ledger-balances"}
        )

# Photo files are deleted after the row's delete commits (catalog.receivers),
# not by Oscar at once.
OSCAR_DELETE_IMAGE_FILES = False

# Payment methods offered at checkout, in order. Each is a class implementing
# storefront.payment.methods.PaymentMethod.
PASAR_PAYMENT_METHODS = [
    "storefront.payment.methods.CashOnDelivery",
    "storefront.payment.methods.BankTransfer",
    "storefront.payment.methods.Qris",
    "storefront.payment.methods.Card",
]
# Orders paid by transfer, QRIS or card that are still unpaid after this many
# hours are cancelled and their stock returned (manage.py
# expire_unpaid_orders, run every few minutes); the shopper is warned by
# email this many hours before.
# The headless API (/api/v1/). Front ends on other origins (a mobile web
# app, a partner's site) must be listed to call it from a browser.
CORS_ALLOWED_ORIGINS = env_list("PASAR_API_CORS_ORIGINS", [])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_HEADERS = (*corsheaders_default_headers, "x-basket-token")
# Rate limits, "requests/period" (s, m, h, d): per API token, and per client
# address whoever calls.
PASAR_API_RATE_PER_TOKEN = env("PASAR_API_RATE_PER_TOKEN", "600/m")
PASAR_API_RATE_PER_ADDRESS = env("PASAR_API_RATE_PER_ADDRESS", "300/m")
NINJA_PAGINATION_PER_PAGE = 20
NINJA_MAX_PER_PAGE_SIZE = 100

PASAR_UNPAID_ORDER_HOURS = int(env("PASAR_UNPAID_ORDER_HOURS", "24"))
PASAR_EXPIRY_WARNING_HOURS = int(env("PASAR_EXPIRY_WARNING_HOURS", "6"))

# Cards through Stripe; offered only when both keys are set. STRIPE_API_BASE
# and STRIPE_JS_URL point elsewhere only for tests (localstripe).
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = env("STRIPE_API_BASE", "https://api.stripe.com")
STRIPE_JS_URL = env("STRIPE_JS_URL", "https://js.stripe.com/v3/")

# Product photos: the largest upload accepted, in bytes (vendors/photos.py
# holds the other limits: long side, pixel count, decompression bombs).
PASAR_MAX_UPLOAD_BYTES = int(env("PASAR_MAX_UPLOAD_BYTES", 15 * 1024 * 1024))

# Search (catalog.search): Wagtail's database backend, in the database we
# already run: SQLite FTS5 here, PostgreSQL full-text search in production
# (Indonesian stemming; storefront.production.search_backends).
WAGTAILSEARCH_BACKENDS = production.search_backends(DATABASES["default"]["ENGINE"])
# Oscar's own search app still needs a haystack connection to start; the
# simple engine keeps no index and nothing of ours searches through it.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {
        "oscar.checkout": {"level": "INFO"},
        "storefront": {"level": "INFO"},
    },
}
