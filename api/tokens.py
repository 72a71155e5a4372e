"""Making, finding and revoking API tokens."""

import datetime
import hashlib
import secrets

from django.utils import timezone

from api.models import ApiToken

#: Secrets start with this, so a leaked one is easy to recognise (and to
#: find with secret scanners).
SECRET_PREFIX = "pd_"
#: How long a token's last use may be out of date: its row is written at
#: most this often, not on every request.
LAST_USED_PRECISION = datetime.timedelta(minutes=10)
LIFETIMES_IN_DAYS = (30, 90, 365)


def digest_of(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(user, *, name, scope, days):
    """A new token for ``user`` and its secret, which is shown only now."""
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[: len(SECRET_PREFIX) + 6],
        digest=digest_of(secret),
        scope=scope,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return token, secret


def find(secret):
    """The usable token with this secret, or None (unknown, expired, revoked,
    or its user can no longer sign in)."""
    if not secret or not secret.startswith(SECRET_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest_of(secret), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def tokens_of(user):
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)


def revoke(user, token_id):
    """Revoke one of ``user``'s tokens; True if there was one to revoke."""
    return bool(tokens_of(user).filter(pk=token_id).update(revoked_at=timezone.now()))
