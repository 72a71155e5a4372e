"""Sign in with an Indonesian phone number: many producers have no email.

0812-3456-7890, 62812..., +62 812 3456 7890 all mean the same person, whose
number is stored once as +62812... in Account.phone. Emails are handled by
Oscar's EmailBackend and plain usernames by Django's ModelBackend.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from vendors.phones import to_e164

# The name the sign-in code (and its tests) always used: the E.164 form
# (+62...) of an Indonesian phone number, or None.
normalise_phone = to_e164


def find_user(identifier):
    """The user an identifier (phone number, email or username) names, or None.

    Used by the password reset, where there is no password to try."""
    User = get_user_model()
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    phone = to_e164(identifier)
    if phone:
        return User.objects.filter(account__phone=phone).first()
    if "@" in identifier:
        matches = list(User.objects.filter(email__iexact=identifier)[:2])
        return matches[0] if len(matches) == 1 else None
    return User.objects.filter(**{User.USERNAME_FIELD: identifier}).first()


def axes_username(request, credentials):
    """What django-axes counts failures against: a phone number in its one
    stored form, so 0812... and +62812... share one failure count."""
    value = None
    if credentials:
        value = credentials.get("username")
    if value is None and request is not None:
        value = request.POST.get("username")
    if not value:
        return value
    return to_e164(value) or value.strip().lower()


class PhoneBackend(ModelBackend):
    """Authenticates `username` when it is a valid Indonesian phone number."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        phone = to_e164(username)
        if phone is None or password is None:
            return None
        User = get_user_model()
        try:
            user = User._default_manager.get(account__phone=phone)
        except User.DoesNotExist:
            # Run the hasher anyway so response time does not tell whether
            # the number is registered.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
