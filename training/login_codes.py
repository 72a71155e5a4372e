"""First-login codes: how a trainee gets her first password.

A new trainee's account has no usable password (training.enrolment). The
instructor prints a sheet with a one-time code per trainee
(vendors.reset_codes, the same codes facilitators give for a forgotten
password); each trainee opens the portal's "new password" page, types her
phone number, her code and a password of her own, and signs in with it.

The plain codes exist only in the sheet returned here: only their hashes are
stored. Each code issued is written in her shop's activity log, so she can
see who gave a code for her account.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from storefront import shops
from training import access
from training.models import Enrolment
from vendors import audit, phones, reset_codes


@dataclass
class Card:
    """One trainee's piece of the printed sheet."""

    enrolment: object
    name: str
    phone: str
    code: str
    expires_at: object
    whatsapp: str | None


def trainee_name(enrolment):
    """What the class calls her: her name on her account, else her shop's."""
    return enrolment.trainee.get_full_name() or enrolment.producer.name


def codable(enrolments, by_user):
    """The enrolments whose accounts ``by_user`` may give a code to.

    Only an account this class made (Enrolment.created_account) that has no
    password yet: a first login. A producer found by her phone, or one who
    chose her own password, is never reset by an instructor (forgotten
    passwords are her facilitator's, vendors/portal/views/account.py), and
    nor is a trainee who is also in a class ``by_user`` does not teach.
    Never a deactivated, staff or superuser account, nor one that has become
    a facilitator's or an instructor's since (a code would open what they
    may do)."""
    instructors = Q(trainee__groups__permissions__codename="add_cohort") | Q(
        trainee__user_permissions__codename="add_cohort"
    )
    taught_by_others = Enrolment.objects.exclude(cohort__in=access.cohorts_for(by_user))
    return (
        enrolments.filter(
            created_account=True,
            trainee__is_active=True,
            trainee__is_staff=False,
            trainee__is_superuser=False,
            trainee__password__startswith=UNUSABLE_PASSWORD_PREFIX,
        )
        .exclude(trainee__facilitator_assignments__isnull=False)
        .exclude(trainee__in=taught_by_others.values("trainee"))
        .exclude(pk__in=enrolments.filter(instructors).values("pk"))
    )


def default_choice(enrolments, by_user):
    """Trainees who never signed in: those still waiting for a first code."""
    return codable(enrolments, by_user).filter(trainee__last_login__isnull=True)


def issue(enrolments, by_user, sign_in_url):
    """A new code for each enrolment's trainee (older open codes stop
    working); returns the Cards, the only place the codes are kept.
    ``sign_in_url``: the absolute address of the portal's reset page."""
    cards = []
    hours = int(reset_codes.VALID_FOR.total_seconds() // 3600)
    for enrolment in enrolments:
        user = enrolment.trainee
        issued, code = reset_codes.issue(user, by_user)
        account = getattr(user, "account", None)
        phone = account.phone if account is not None else ""
        audit.record(
            enrolment.producer,
            by_user,
            gettext_noop("Password reset code issued for the account %(account)s"),
            account=phone or user.get_username(),
        )
        name = trainee_name(enrolment)
        with translation.override(shops.language_of(enrolment.producer.site)):
            message = _(
                "Hello %(name)s, here is your code to sign in to Pasar Desa for the first "
                "time: %(code)s. Open %(url)s, type your phone number, this code and a new "
                "password of your own. The code works once, within %(hours)d hours."
            ) % {"name": name, "code": code, "url": sign_in_url, "hours": hours}
        cards.append(
            Card(
                enrolment=enrolment,
                name=name,
                phone=phones.to_local(phone) or phone,
                code=code,
                expires_at=issued.expires_at,
                whatsapp=phones.wa_me(phone, message) if phone else None,
            )
        )
    return cards
