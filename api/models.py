"""API tokens: what lets an app act as its user without her password."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A secret a user made for one app. Only its SHA-256 digest is stored:
    the secret itself is shown once, when it is made, and a leaked database
    gives nobody a working token. Tokens are random and long, so a plain
    digest is enough (a slow password hash protects guessable secrets).

    Wagtail 8 has an APIToken of its own, for its admin API; it has no scope
    and no expiry, which shops' apps need, hence this one."""

    READ = "read"
    WRITE = "write"
    SCOPES = [(READ, _("Read only")), (WRITE, _("Read and change"))]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="app_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    #: The first characters of the secret, so its owner can tell tokens apart.
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("may"), max_length=5, choices=SCOPES, default=READ)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self):
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def may_write(self):
        return self.scope == self.WRITE
