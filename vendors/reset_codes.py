"""One-time password reset codes a facilitator gives a producer in person.

Resetting a password must not depend on email: many producers have none. A
facilitator issues a 6-digit code in the portal and tells it to the
producer, who types it with a new password on the reset page.

- A code works once and for 24 hours; issuing a new code cancels older ones.
- Only a hash is stored (django.contrib.auth.hashers), never the code.
- Five wrong codes for one person cancel her open code: she has to ask for a
  new one. The count is kept on the code (ResetCode.wrong_tries), in the
  database, so every server process counts the same tries.
"""

import secrets
from datetime import timedelta

from django.apps import apps
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from oscar.core.loading import get_model

ResetCode = get_model("partner", "ResetCode")

CODE_LENGTH = 6
VALID_FOR = timedelta(hours=24)
MAX_WRONG_TRIES = 5


def open_codes(user):
    """The user's codes that can still be redeemed (normally at most one)."""
    return ResetCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())


def issue(for_user, by_user):
    """Create a new code for `for_user`; returns (the ResetCode, the code in
    plain text).

    The plain code exists only in this return value: show it once."""
    code = f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"
    now = timezone.now()
    with transaction.atomic():
        # Only the newest code counts.
        open_codes(for_user).update(expires_at=now)
        issued = ResetCode.objects.create(
            user=for_user,
            code_hash=make_password(code),
            issued_by=by_user,
            expires_at=now + VALID_FOR,
        )
    return issued, code


def _count_wrong_try(user):
    """One more wrong code typed for `user`, counted on her open code; at
    MAX_WRONG_TRIES the code stops working. Locked rows and an F() increment:
    simultaneous tries are all counted."""
    with transaction.atomic():
        pks = list(open_codes(user).select_for_update().values_list("pk", flat=True))
        if not pks:
            return  # nothing open: nothing to guess
        codes = ResetCode.objects.filter(pk__in=pks)
        codes.update(wrong_tries=F("wrong_tries") + 1)
        codes.filter(wrong_tries__gte=MAX_WRONG_TRIES).update(expires_at=timezone.now())


def _clear_sign_in_lockouts(user):
    """A producer who was locked out by wrong passwords and now has a new
    one may sign in straight away."""
    if not apps.is_installed("axes"):
        return
    from axes.utils import reset

    from vendors.auth_backends import axes_username

    names = {user.get_username(), (user.email or "").lower()}
    account = getattr(user, "account", None)
    if account is not None and account.phone:
        names.add(account.phone)
    for name in names - {""}:
        reset(username=axes_username(None, {"username": name}))


def redeem(user, code, new_password):
    """Set `new_password` when `code` is the user's open code; True on success.

    The new password must already have passed the password validators. A
    wrong code counts towards MAX_WRONG_TRIES; a code works only once."""
    code = (code or "").strip().replace(" ", "")
    if user is None or not code.isdigit() or len(code) != CODE_LENGTH:
        if user is not None:
            _count_wrong_try(user)
        return False
    now = timezone.now()
    with transaction.atomic():
        match = None
        for candidate in open_codes(user).select_for_update():
            if check_password(code, candidate.code_hash):
                match = candidate
                break
        # Claim the code in one UPDATE so two simultaneous uses cannot both win.
        if match is None or not ResetCode.objects.filter(pk=match.pk, used_at__isnull=True).update(
            used_at=now
        ):
            match = None
            _count_wrong_try(user)
        else:
            user.set_password(new_password)
            user.save(update_fields=["password"])
    if match is None:
        return False
    _clear_sign_in_lockouts(user)
    return True
