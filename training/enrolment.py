"""Enrolling trainees in a cohort from a pasted list or a CSV file.

Instructors type or export their class list: one trainee a line, "Name,
phone" with an optional ", village". A CSV file has the same columns, with
or without a header row, separated by commas or semicolons (spreadsheets in
Indonesian settings write semicolons), UTF-8 with or without a BOM.

All or nothing: every line is checked first and any problem (no name, a
phone number that is not Indonesian, the same number twice, an unknown
village, someone already in the class) is reported with its line number,
and then nothing at all is created. Otherwise, in one transaction, each
trainee gets:

- her sign-in account: a User with an unusable password and her phone in
  Account (she signs in with a first-login code, training.login_codes), or
  the account that already has this phone, when she is a producer already;
- her real shop (a Partner in the cohort's village shop), or the producer
  shop she already has;
- a practice shop (Partner.is_practice, practice_of her real shop) that the
  public never sees, where she learns on the real portal;
- her Enrolment.
"""

import csv
import io
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from regions.models import Village
from storefront.models import ShopSettings
from training.access import can_create_cohorts
from training.models import Enrolment
from vendors import phones

Account = get_model("partner", "Account")
Partner = get_model("partner", "Partner")
FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")

MAX_ROWS = 200
MAX_FILE_BYTES = 256 * 1024
NAME_MAX_LENGTH = 100
# Header words, lower case, in both languages the shop speaks.
NAME_HEADERS = {"name", "nama", "nama lengkap", "nama peserta", "full name"}
PHONE_HEADERS = {
    "phone",
    "phone number",
    "mobile",
    "telepon",
    "no telepon",
    "nomor telepon",
    "telp",
    "no telp",
    "hp",
    "no hp",
    "no. hp",
    "nomor hp",
    "whatsapp",
    "wa",
    "no wa",
}
VILLAGE_HEADERS = {"village", "desa", "kelurahan", "desa/kelurahan"}


class EnrolmentError(Exception):
    """The list cannot be enrolled; ``problems`` are messages for the
    instructor, one per bad line, in her language."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Row:
    """One trainee as typed, and what checking it found."""

    line: int
    name: str
    phone: str
    village_name: str = ""
    e164: str | None = None
    village: object = None
    user: object = None  # her existing account, found by phone
    shop: object = None  # her existing real shop


# --- reading -----------------------------------------------------------------


def read_text(text):
    """The rows of a pasted list (or of a decoded CSV file)."""
    text = text or ""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, skipinitialspace=True)
    rows, problems, columns = [], [], None
    try:
        for cells in reader:
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                continue
            line = reader.line_num
            if columns is None:
                columns = _header_columns(cells)
                if columns is not None:
                    if "name" not in columns or "phone" not in columns:
                        problems.append(
                            _("Line %(line)d: the header needs a name and a phone column.")
                            % {"line": line}
                        )
                    continue
                columns = {}
            rows.append(_row(line, cells, columns, problems))
    except csv.Error:
        problems.append(
            _("Line %(line)d cannot be read: check its quotation marks.")
            % {"line": reader.line_num}
        )
    if len(rows) > MAX_ROWS:
        problems.append(
            _("A class list can have at most %(count)d trainees at a time.") % {"count": MAX_ROWS}
        )
    if problems:
        raise EnrolmentError(problems)
    return rows


def read_upload(upload):
    """The rows of an uploaded CSV file."""
    if upload.size > MAX_FILE_BYTES:
        raise EnrolmentError(
            [
                _("The file is too big: a class list is at most %(size)d KB.")
                % {"size": MAX_FILE_BYTES // 1024}
            ]
        )
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None or "\x00" in text:
        raise EnrolmentError(
            [
                _(
                    "This file is not a CSV file in UTF-8. In your spreadsheet choose "
                    "“Save as”, then “CSV UTF-8”, and upload that file."
                )
            ]
        )
    return read_text(text)


def _header_columns(cells):
    """{"name": index, "phone": index, "village": index} when ``cells`` is
    a header row, else None."""
    words = [cell.lower().strip(" :*") for cell in cells]
    if any(character.isdigit() for cell in cells for character in cell):
        return None
    columns = {}
    for index, word in enumerate(words):
        for key, known in (
            ("name", NAME_HEADERS),
            ("phone", PHONE_HEADERS),
            ("village", VILLAGE_HEADERS),
        ):
            if word in known and key not in columns:
                columns[key] = index
    return columns or None


def _row(line, cells, columns, problems):
    if columns:
        values = {key: cells[index] if index < len(cells) else "" for key, index in columns.items()}
        return Row(line, values.get("name", ""), values.get("phone", ""), values.get("village", ""))
    filled = list(cells)
    while filled and not filled[-1]:
        filled.pop()
    if len(filled) > 3:
        problems.append(
            _("Line %(line)d has more than three parts: write name, phone, village.")
            % {"line": line}
        )
    filled += ["", "", ""]
    return Row(line, filled[0], filled[1], filled[2])


# --- checking ----------------------------------------------------------------


def check(cohort, rows):
    """Every problem of ``rows`` for this cohort, as messages; fills in each
    row's phone, village and existing account. A fixed number of queries."""
    problems = []
    seen = {}
    for row in rows:
        if not row.name:
            problems.append(_("Line %(line)d: the name is missing.") % {"line": row.line})
        elif len(row.name) > NAME_MAX_LENGTH:
            problems.append(
                _("Line %(line)d: the name is longer than %(count)d characters.")
                % {"line": row.line, "count": NAME_MAX_LENGTH}
            )
        if not row.phone:
            problems.append(_("Line %(line)d: the phone number is missing.") % {"line": row.line})
            continue
        row.e164 = phones.to_e164(row.phone)
        if row.e164 is None:
            problems.append(
                _("Line %(line)d: “%(phone)s” is not an Indonesian phone number.")
                % {"line": row.line, "phone": row.phone}
            )
        elif row.e164 in seen:
            problems.append(
                _("Line %(line)d: the phone number %(phone)s is also on line %(first)d.")
                % {"line": row.line, "phone": row.phone, "first": seen[row.e164]}
            )
        else:
            seen[row.e164] = row.line
    problems += _check_villages(cohort, rows)
    problems += _check_existing_accounts(cohort, [row for row in rows if row.e164])
    return problems


def _check_villages(cohort, rows):
    named = [row for row in rows if row.village_name]
    if not named:
        for row in rows:
            row.village = cohort.village
        return []
    query = Q()
    for name in {row.village_name.lower() for row in named}:
        query |= Q(name__iexact=name)
    by_name = {}
    for village in Village.objects.filter(query).select_related("district"):
        by_name.setdefault(village.name.lower(), []).append(village)
    shop = ShopSettings.objects.filter(site_id=cohort.site_id).first()
    district_id = shop.district_id if shop else None
    problems = []
    for row in rows:
        if not row.village_name:
            row.village = cohort.village
            continue
        candidates = by_name.get(row.village_name.lower(), [])
        if len(candidates) > 1:  # the same name in two districts: the shop's own
            candidates = [v for v in candidates if v.district_id == district_id] or candidates
        if len(candidates) == 1:
            row.village = candidates[0]
        elif candidates:
            problems.append(
                _("Line %(line)d: more than one village is called “%(village)s”.")
                % {"line": row.line, "village": row.village_name}
            )
        else:
            problems.append(
                _("Line %(line)d: no village is called “%(village)s”.")
                % {"line": row.line, "village": row.village_name}
            )
    return problems


def _check_existing_accounts(cohort, rows):
    """Rows whose phone already signs in: that person is enrolled with her
    shop, unless she is in the class already or her account is one that must
    not become a trainee's (whose sign-in codes the instructor would hand out)."""
    accounts = {
        account.phone: account.user
        for account in Account.objects.filter(phone__in=[row.e164 for row in rows])
        .select_related("user")
        .prefetch_related("user__groups__permissions", "user__user_permissions")
    }
    if not accounts:
        return []
    users = list(accounts.values())
    enrolled = set(
        Enrolment.objects.filter(cohort=cohort, trainee__in=users).values_list(
            "trainee_id", flat=True
        )
    )
    facilitators = set(
        FacilitatorAssignment.objects.filter(facilitator__in=users).values_list(
            "facilitator_id", flat=True
        )
    )
    shops = {}
    links = (
        Partner.users.through.objects.filter(
            user__in=users, partner__is_practice=False, partner__is_active=True
        )
        .select_related("partner")
        .order_by("partner_id")
    )
    for link in links:
        shop, best = link.partner, shops.get(link.user_id)
        if best is None or (shop.site_id == cohort.site_id and best.site_id != cohort.site_id):
            shops[link.user_id] = shop
    problems = []
    for row in rows:
        user = accounts.get(row.e164)
        if user is None:
            continue
        values = {"line": row.line, "name": row.name, "phone": row.phone}
        if user.pk in enrolled:
            problems.append(
                _("Line %(line)d: %(name)s (%(phone)s) is already in this class.") % values
            )
        elif not user.is_active:
            problems.append(
                _("Line %(line)d: the account of %(phone)s is switched off. Ask the shop operator.")
                % values
            )
        elif user.is_staff or user.pk in facilitators or can_create_cohorts(user):
            problems.append(
                _(
                    "Line %(line)d: %(phone)s belongs to a shop operator, facilitator or "
                    "instructor, who cannot join a class as a trainee."
                )
                % values
            )
        else:
            row.user = user
            row.shop = shops.get(user.pk)
    return problems


# --- enrolling ---------------------------------------------------------------


def enrol(cohort, rows):
    """Enrol every row, or raise EnrolmentError and create nothing. Returns
    the new Enrolments."""
    if not rows:
        raise EnrolmentError([_("The list is empty: write one trainee a line.")])
    problems = check(cohort, rows)
    if problems:
        raise EnrolmentError(problems)
    try:
        with transaction.atomic():
            return [_enrol(cohort, row) for row in rows]
    except IntegrityError:
        # Someone enrolled the same person or number at the same moment.
        raise EnrolmentError(
            [_("The class changed while you were enrolling. Please send the list again.")]
        ) from None


def _enrol(cohort, row):
    user = row.user or _new_account(row)
    shop = row.shop or _new_shop(row.name, cohort.site, row.village, user)
    practice = create_practice_shop(shop, user)
    return Enrolment.objects.create(
        cohort=cohort,
        trainee=user,
        producer=shop,
        practice_producer=practice,
        created_account=row.user is None,
    )


def _new_account(row):
    User = get_user_model()
    username = row.e164
    number = 2
    while User._default_manager.filter(username=username).exists():
        username = f"{row.e164}-{number}"
        number += 1
    user = User(username=username, first_name=row.name[:150])
    user.set_unusable_password()  # her first password comes with a first-login code
    user.save()
    Account.objects.create(user=user, phone=row.e164)
    return user


def _new_shop(name, site, village, user):
    shop = Partner.objects.create(name=name[:128], site=site, village=village)
    shop.users.add(user)
    return shop


def practice_name(name):
    """ "Bu Euis (Latihan)": the shop's name marked as practice, in the
    platform's default language (it is stored, not translated per reader),
    within Partner.name's length."""
    with translation.override(settings.LANGUAGE_CODE):
        mark_length = len(_("%(name)s (practice)") % {"name": ""})
        return _("%(name)s (practice)") % {"name": name[: 128 - mark_length]}


def create_practice_shop(shop, user):
    """Her practice shop beside her real ``shop``: same village shop and
    village, her account in it, never shown to the public."""
    practice = Partner.objects.create(
        name=practice_name(shop.name),
        site=shop.site,
        village=shop.village,
        is_practice=True,
        practice_of=shop,
    )
    practice.users.add(user)
    return practice
