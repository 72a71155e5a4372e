"""The production parts of the settings, each switched on by its environment
variable (README.md, "Production"; every variable is in .env.example).

storefront.settings calls these and keeps the embedded defaults (SQLite,
local media, in-process cache and inline tasks) when a variable is unset,
so `make run` needs none of them. Each function only builds settings
values: it imports nothing of Django but its exceptions.
"""

import os

from django.core.exceptions import ImproperlyConfigured

HSTS_ONE_YEAR = 365 * 24 * 60 * 60


def env(name, default=None):
    value = os.environ.get(name, "")
    return value.strip() if value.strip() else default


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def redis_caches(redis_url):
    """One Redis for every app server: cache, cached sessions, statistics
    counters (stats.counting needs an atomic incr, which Redis has) and the
    API's rate limits. A Redis that is down must not take pages down with
    it where the cache is only an optimisation, hence the short timeouts."""
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": env("REDIS_KEY_PREFIX", "pasardesa"),
            "TIMEOUT": 3600,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }


def rq_queues(redis_url):
    """django-rq's queue of background tasks (storefront.tasks), on the same
    Redis. `python manage.py rqworker default` runs them."""
    return {"default": {"URL": redis_url, "DEFAULT_TIMEOUT": 300}}


def s3_storages(staticfiles_backend):
    """Photos and other public media in one S3-compatible bucket, payment
    receipts under a private prefix or in a bucket of their own.

    Public media: plain URLs (no signature), so browsers and the rendition
    redirects can cache them; the bucket (or a CDN in front of it) makes
    them readable. Receipts: every object uploaded with the `private` ACL
    and any URL Django makes for one signed and short-lived. The shop itself
    never hands out such a URL: storefront.payment.views streams receipts
    to operators only. A separate AWS_PRIVATE_STORAGE_BUCKET_NAME is safest;
    sharing the media bucket is safe only while its public-read policy
    covers the media prefixes and not `private/`.
    """
    bucket = env("AWS_STORAGE_BUCKET_NAME")
    common = {
        "access_key": env("AWS_ACCESS_KEY_ID"),
        "secret_key": env("AWS_SECRET_ACCESS_KEY"),
        "region_name": env("AWS_S3_REGION_NAME"),
        "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
        "signature_version": "s3v4",
        "addressing_style": env("AWS_S3_ADDRESSING_STYLE", "path"),
        # Two uploads of "photo.jpg" must not replace each other.
        "file_overwrite": False,
    }
    public = {
        **common,
        "bucket_name": bucket,
        "location": env("AWS_MEDIA_LOCATION", "media"),
        "default_acl": env("AWS_DEFAULT_ACL"),
        "querystring_auth": False,
        "custom_domain": env("AWS_S3_CUSTOM_DOMAIN"),
        "object_parameters": {"CacheControl": "public, max-age=86400"},
    }
    private = {
        **common,
        "bucket_name": env("AWS_PRIVATE_STORAGE_BUCKET_NAME", bucket),
        "location": env("AWS_PRIVATE_LOCATION", "private"),
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 300,
        # A custom domain would make django-storages drop the signature.
        "custom_domain": None,
    }
    return {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": public},
        "private": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": private},
        "staticfiles": {"BACKEND": staticfiles_backend},
    }


def https_settings():
    """Settings for a site served over HTTPS through a reverse proxy
    (DJANGO_HTTPS=true), which `manage.py check --deploy` asks for.

    Off by default: the embedded set-up serves plain http on a laptop or a
    learning centre's network, where secure-only cookies would make signing
    in impossible. The proxy must set X-Forwarded-Proto itself (and drop a
    client's), or a client could claim https.
    """
    if not env_bool("DJANGO_HTTPS"):
        return {}
    if not env("DJANGO_SECRET_KEY"):
        # The embedded default key is in this repository: signed cookies and
        # password reset links made with it can be forged by anyone.
        raise ImproperlyConfigured("DJANGO_HTTPS is on: set DJANGO_SECRET_KEY too.")
    hsts = int(env("DJANGO_HSTS_SECONDS", str(HSTS_ONE_YEAR)))
    values = {
        "SECURE_SSL_REDIRECT": env_bool("DJANGO_SSL_REDIRECT", True),
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": hsts,
        # Village shops are subdomains (ibun.pasardesa.id): all of them.
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True),
        "SECURE_HSTS_PRELOAD": env_bool("DJANGO_HSTS_PRELOAD", True),
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
    }
    if env_bool("DJANGO_BEHIND_PROXY", True):
        values["SECURE_PROXY_SSL_HEADER"] = ("HTTP_X_FORWARDED_PROTO", "https")
    return values


def search_backends(database_engine):
    """Wagtail's database search backend for the database in use. On
    PostgreSQL it stems with the Indonesian snowball configuration that
    PostgreSQL ships (a search for "merajut" finds "Tas Rajutan", "membatik"
    finds batik), and keeps a GIN-indexed tsvector per product."""
    backend = {"BACKEND": "wagtail.search.backends.database"}
    if "postgresql" in database_engine:
        backend["SEARCH_CONFIG"] = env("PASAR_SEARCH_CONFIG", "indonesian")
    return {"default": backend}
