"""Signing in to the producer portal and resetting a password without email."""

import ast
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import check_password
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from tests import factories
from vendors import access, reset_codes
from vendors.auth_backends import normalise_phone

Account = get_model("partner", "Account")
AuditEntry = get_model("partner", "AuditEntry")
ProducerGroup = get_model("partner", "ProducerGroup")
FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")
ResetCode = get_model("partner", "ResetCode")

PASSWORD = "rahasia-uji-123"
NEW_PASSWORD = "Kue-Lapis-Legit-2024"
LOGIN = "/jual/masuk/"


class World:
    """Producer Sari (phone and email) in group Melati with facilitator Dewi;
    facilitator Rina of another group; producer Wati of that other group."""

    def __init__(self, ibun):
        village = factories.VillageFactory(name="Lampegan")
        self.group = ProducerGroup.objects.create(name="Kelompok Melati", village=village)
        other_group = ProducerGroup.objects.create(name="Kelompok Mawar", village=village)
        self.producer = factories.ProducerFactory(
            site=ibun, name="Keripik Bu Sari", village=village, group=self.group
        )
        self.other = factories.ProducerFactory(
            site=ibun, name="Batik Bu Wati", village=village, group=other_group
        )
        self.sari = factories.UserFactory(
            username="sari", first_name="Sari", email="sari@contoh.test"
        )
        Account.objects.create(user=self.sari, phone="+6281234567890")
        self.producer.users.add(self.sari)
        self.wati = factories.UserFactory(username="wati", first_name="Wati")
        self.other.users.add(self.wati)
        self.dewi = factories.UserFactory(username="dewi", first_name="Dewi")
        FacilitatorAssignment.objects.create(facilitator=self.dewi, group=self.group)
        self.rina = factories.UserFactory(username="rina", first_name="Rina")
        FacilitatorAssignment.objects.create(facilitator=self.rina, group=other_group)

    @staticmethod
    def client(user=None):
        client = Client(HTTP_HOST="ibun.localhost")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # compare English messages
        if user is not None:
            client.force_login(user)
        return client

    def issue_url(self, producer=None):
        return reverse("portal:reset-issue", kwargs={"producer": (producer or self.producer).code})


@pytest.fixture
def world(ibun):
    return World(ibun)


def signed_in_user_id(client):
    return client.session.get(SESSION_KEY)


def login(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


@pytest.mark.parametrize(
    "typed",
    ["081234567890", "0812-3456-7890", "0812 3456 7890", "6281234567890", "+62 812-3456-7890"],
)
def test_phone_numbers_are_normalised(typed):
    assert normalise_phone(typed) == "+6281234567890"


@pytest.mark.parametrize("typed", ["sari@contoh.test", "sari", "0812", "12345", ""])
def test_not_phone_numbers(typed):
    assert normalise_phone(typed) is None


# --- signing in and out --------------------------------------------------------


@pytest.mark.parametrize(
    "username", ["081234567890", "0812 3456 7890", "+62 812-3456-7890", "sari@contoh.test"]
)
def test_sign_in_with_phone_or_email(world, username):
    client = world.client()
    response = login(client, username)
    assert response.status_code == 302
    assert response.url == reverse("portal:home")
    assert signed_in_user_id(client) == str(world.sari.pk)
    # Her only shop opens straight away.
    assert client.get(response.url).url == reverse(
        "portal:shop", kwargs={"producer": world.producer.code}
    )


def test_sign_in_page_renders(world):
    response = world.client().get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html and 'name="password"' in html
    assert reverse("portal:reset") in html


def test_safe_next_is_followed_and_unsafe_next_ignored(world):
    profile = reverse("portal:profile", kwargs={"producer": world.producer.code})
    response = login(world.client(), "081234567890", next=profile)
    assert response.url == profile
    response = login(world.client(), "081234567890", next="https://jahat.example/")
    assert response.url == reverse("portal:home")


def test_portal_pages_send_anonymous_visitors_to_portal_login(world):
    profile = reverse("portal:profile", kwargs={"producer": world.producer.code})
    response = world.client().get(profile)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


@pytest.mark.parametrize(
    "username,password",
    [
        ("081234567890", "salah-sekali-999"),
        ("081299999999", PASSWORD),
        ("sari@contoh.test", "salah-sekali-999"),
        ("bukan@contoh.test", PASSWORD),
    ],
)
def test_wrong_credentials_give_one_message(world, username, password):
    client = world.client()
    response = login(client, username, password)
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors == [
        "The phone number, email or password is not right. Please check and try again."
    ]
    assert signed_in_user_id(client) is None


def test_wrong_credentials_message_is_the_same_for_unknown_number_and_wrong_password(world):
    first = login(world.client(), "081234567890", "salah-sekali-999")
    second = login(world.client(), "081299999999", PASSWORD)
    assert first.context["form"].non_field_errors() == second.context["form"].non_field_errors()


def test_inactive_user_cannot_sign_in(world):
    world.sari.is_active = False
    world.sari.save()
    client = world.client()
    login(client, "081234567890")
    assert signed_in_user_id(client) is None


def test_lockout_after_five_failures(world):
    client = world.client()
    for _ in range(4):
        response = login(client, "081234567890", "salah-sekali-999")
        assert response.status_code == 200
    # The fifth failure, typed another way, counts for the same number.
    response = login(client, "+62 812 3456 7890", "salah-sekali-999")
    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    # Even the right password is refused during the cool-off.
    response = login(client, "0812-3456-7890", PASSWORD)
    assert response.status_code == 429
    assert signed_in_user_id(client) is None
    # Another person in the same computer lab is not locked out.
    assert login(world.client(), "sari@contoh.test").status_code == 302


def test_lockout_ends_after_the_cool_off(world):
    from axes.utils import reset

    client = world.client()
    for _ in range(5):
        login(client, "081234567890", "salah-sekali-999")
    assert login(client, "081234567890").status_code == 429
    reset(username="+6281234567890")
    assert login(client, "081234567890").status_code == 302


def test_logout_is_a_post_and_returns_to_login(world):
    client = world.client(world.sari)
    assert client.get(reverse("portal:logout")).status_code == 405
    response = client.post(reverse("portal:logout"))
    assert response.status_code == 302
    assert response.url == LOGIN
    assert signed_in_user_id(client) is None


# --- reset codes: issuing ------------------------------------------------------


def issue_code(world, client=None, user=None):
    client = client or world.client(world.dewi)
    response = client.post(world.issue_url(), {"user": (user or world.sari).pk})
    assert response.status_code == 200
    issued = response.context["issued"]
    return issued["code"], response


def test_assigned_facilitator_issues_a_code_shown_once(world):
    client = world.client(world.dewi)
    page = client.get(world.issue_url())
    assert page.status_code == 200
    assert [a["user"] for a in page.context["accounts"]] == [world.sari]
    assert "+6281234567890" in page.content.decode()

    code, response = issue_code(world, client)
    assert len(code) == 6 and code.isdigit()
    html = response.content.decode()
    assert code in html
    assert "no-store" in response["Cache-Control"]
    stored = ResetCode.objects.get(user=world.sari)
    assert stored.code_hash != code and code not in stored.code_hash
    assert stored.issued_by == world.dewi
    assert stored.expires_at - timezone.now() > timedelta(hours=23, minutes=59)
    # Not shown again.
    assert code not in client.get(world.issue_url()).content.decode()
    entry = AuditEntry.objects.get(producer=world.producer)
    assert entry.actor == world.dewi
    assert entry.message.startswith("Password reset code issued")


def test_the_producer_herself_cannot_issue_codes(world):
    client = world.client(world.sari)
    assert client.get(world.issue_url()).status_code == 403
    assert client.post(world.issue_url(), {"user": world.sari.pk}).status_code == 403
    assert not ResetCode.objects.exists()


def test_a_facilitator_not_assigned_gets_404(world):
    client = world.client(world.rina)
    assert client.get(world.issue_url()).status_code == 404
    assert client.post(world.issue_url(), {"user": world.sari.pk}).status_code == 404
    assert not ResetCode.objects.exists()


def test_facilitator_cannot_issue_codes_for_other_accounts(world):
    """Not for someone else's account, staff, another facilitator, or an
    account that also opens a shop she does not manage."""
    client = world.client(world.dewi)
    staff = factories.UserFactory(username="operator", is_staff=True)
    world.producer.users.add(staff, world.rina)
    for user in (world.wati, staff, world.rina, world.dewi):
        assert client.post(world.issue_url(), {"user": user.pk}).status_code == 404
    # Wati's account opens Wati's shop, which Dewi does not manage.
    world.producer.users.add(world.wati)
    assert client.post(world.issue_url(), {"user": world.wati.pk}).status_code == 404
    assert client.post(world.issue_url(), {"user": "x"}).status_code == 404
    assert not ResetCode.objects.exists()


# --- reset codes: redeeming ------------------------------------------------------


def reset(client, code, identifier="0812 3456 7890", password=NEW_PASSWORD, again=None):
    return client.post(
        reverse("portal:reset"),
        {
            "identifier": identifier,
            "code": code,
            "new_password1": password,
            "new_password2": again if again is not None else password,
        },
    )


def test_code_is_redeemed_once(world):
    code, _response = issue_code(world)
    client = world.client()
    assert client.get(reverse("portal:reset")).status_code == 200
    response = reset(client, code)
    assert response.status_code == 302
    assert response.url == LOGIN
    world.sari.refresh_from_db()
    assert world.sari.check_password(NEW_PASSWORD)
    assert ResetCode.objects.get().used_at is not None
    assert login(world.client(), "081234567890", NEW_PASSWORD).status_code == 302

    # A second use fails and changes nothing.
    response = reset(world.client(), code, password="Another-Good-Pass-77")
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    world.sari.refresh_from_db()
    assert world.sari.check_password(NEW_PASSWORD)


def test_code_works_with_email_too(world):
    code, _response = issue_code(world)
    assert reset(world.client(), code, identifier="Sari@Contoh.test").status_code == 302


def test_expired_code_fails(world):
    code, _response = issue_code(world)
    ResetCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = reset(world.client(), code)
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    world.sari.refresh_from_db()
    assert world.sari.check_password(PASSWORD)


def test_a_new_code_cancels_the_old_one(world):
    old, _response = issue_code(world)
    new, _response = issue_code(world)
    if old != new:
        assert reset(world.client(), old).status_code == 200
    assert reset(world.client(), new).status_code == 302


def test_five_wrong_codes_lock_the_code(world):
    code, _response = issue_code(world)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(reset_codes.MAX_WRONG_TRIES):
        response = reset(world.client(), wrong)
        assert response.status_code == 200
        assert "code" in response.context["form"].errors
    # Now even the right code no longer works: she needs a new one.
    response = reset(world.client(), code)
    assert response.status_code == 200
    world.sari.refresh_from_db()
    assert world.sari.check_password(PASSWORD)
    fresh, _response = issue_code(world)
    assert reset(world.client(), fresh).status_code == 302


def test_wrong_codes_are_counted_in_the_database(world):
    """The count is on the code row, not in one server process's memory: a
    guesser spreading tries over several processes is still stopped."""
    code, _response = issue_code(world)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for tries in (1, 2):
        reset(world.client(), wrong)
        assert ResetCode.objects.get().wrong_tries == tries
    cache.clear()  # another process, another (empty) cache: nothing forgotten
    for _ in range(reset_codes.MAX_WRONG_TRIES - 2):
        reset(world.client(), wrong)
    stored = ResetCode.objects.get()
    assert stored.wrong_tries == reset_codes.MAX_WRONG_TRIES
    assert stored.expires_at <= timezone.now() and stored.used_at is None
    assert not reset_codes.open_codes(world.sari).exists()
    assert reset(world.client(), code).status_code == 200
    # A new code starts from zero; the old count stays on the old code.
    fresh, _response = issue_code(world)
    newest = ResetCode.objects.latest("pk")
    assert newest.wrong_tries == 0
    assert reset(world.client(), fresh).status_code == 302


def test_four_wrong_codes_still_leave_the_code_usable(world):
    code, _response = issue_code(world)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(reset_codes.MAX_WRONG_TRIES - 1):
        reset(world.client(), wrong)
    assert reset(world.client(), code).status_code == 302
    assert ResetCode.objects.get().used_at is not None


def test_the_issue_page_shows_the_issued_codes_expiry(world):
    _code, response = issue_code(world)
    assert response.context["issued"]["expires_at"] == ResetCode.objects.get().expires_at


def test_weak_new_password_is_rejected_and_code_kept(world):
    code, _response = issue_code(world)
    for weak in ("12345678", "password", "sari", "abc"):
        response = reset(world.client(), code, password=weak)
        assert response.status_code == 200
        assert response.context["form"].errors["new_password2"]
    response = reset(world.client(), code, password=NEW_PASSWORD, again=NEW_PASSWORD + "x")
    assert response.context["form"].errors["new_password2"]
    world.sari.refresh_from_db()
    assert world.sari.check_password(PASSWORD)
    # Rejected passwords do not use up the code.
    assert reset(world.client(), code).status_code == 302


def test_unknown_person_gets_the_same_message_as_a_wrong_code(world):
    code, _response = issue_code(world)
    unknown = reset(world.client(), code, identifier="081299999999")
    wrong = reset(world.client(), "000000" if code != "000000" else "111111")
    assert unknown.context["form"].errors["code"] == wrong.context["form"].errors["code"]


def test_reset_clears_a_sign_in_lockout(world):
    client = world.client()
    for _ in range(5):
        login(client, "081234567890", "salah-sekali-999")
    assert login(client, "081234567890", PASSWORD).status_code == 429
    code, _response = issue_code(world)
    assert reset(world.client(), code).status_code == 302
    assert login(client, "081234567890", NEW_PASSWORD).status_code == 302


def test_service_issue_and_redeem(world):
    issued, code = reset_codes.issue(world.sari, world.dewi)
    assert issued == ResetCode.objects.get()
    assert (issued.user, issued.issued_by, issued.wrong_tries) == (world.sari, world.dewi, 0)
    assert check_password(code, issued.code_hash)
    assert reset_codes.redeem(world.sari, "999999" if code != "999999" else "111111", "x") is False
    assert reset_codes.redeem(world.sari, code, NEW_PASSWORD) is True
    assert reset_codes.redeem(world.sari, code, NEW_PASSWORD) is False
    assert reset_codes.redeem(None, code, NEW_PASSWORD) is False


# --- producer codes never collide with the portal's own pages ---------------------


def test_the_portals_own_pages_are_reserved():
    assert {"masuk", "keluar", "reset"} <= access.portal_reserved_codes()


@pytest.mark.parametrize("word", ["masuk", "keluar", "reset"])
def test_a_producer_named_like_a_portal_page_still_reaches_her_shop(world, word):
    producer = factories.ProducerFactory(site=world.producer.site, name=word.title())
    assert producer.code != word and producer.code not in access.portal_reserved_codes()
    user = factories.UserFactory(username=f"bu-{word}")
    producer.users.add(user)
    client = world.client(user)
    shop = client.get(reverse("portal:home"))
    assert shop.url == reverse("portal:shop", kwargs={"producer": producer.code})
    page = client.get(shop.url)
    assert page.status_code == 200
    assert page.context["producer"] == producer
    # A code set by hand, or renamed later, is moved off the word as well.
    explicit = factories.ProducerFactory(site=world.producer.site, name="Lain", code=word)
    assert explicit.code not in {word, producer.code}
    explicit.code = word
    explicit.save()
    explicit.refresh_from_db()
    assert explicit.code != word
    # Ordinary names keep their ordinary codes.
    assert factories.ProducerFactory(name=f"Masukan {word}").code == f"masukan-{word}"


# --- sign-in throttling behind a proxy ---------------------------------------------


def axes_client_settings(**env):
    """AXES_IPWARE_* as storefront.settings computes them from `env`."""
    script = (
        "from django.conf import settings; "
        "print(repr((settings.AXES_IPWARE_PROXY_COUNT, "
        "settings.AXES_IPWARE_META_PRECEDENCE_ORDER)))"
    )
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("AXES_IPWARE")
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="storefront.settings")
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return ast.literal_eval(result.stdout.strip())


def test_axes_counts_remote_addr_without_a_proxy():
    assert settings.AXES_IPWARE_PROXY_COUNT is None
    assert settings.AXES_IPWARE_META_PRECEDENCE_ORDER == ("REMOTE_ADDR",)
    assert axes_client_settings() == (None, ("REMOTE_ADDR",))


def test_axes_proxy_settings_come_from_the_environment():
    assert axes_client_settings(
        AXES_IPWARE_PROXY_COUNT="1",
        AXES_IPWARE_META_PRECEDENCE_ORDER="HTTP_X_FORWARDED_FOR, REMOTE_ADDR",
    ) == (1, ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"))


# --- no way into the operators' admin --------------------------------------------


@pytest.mark.parametrize("who", ["sari", "dewi"])
@pytest.mark.parametrize(
    "url",
    [
        "/cms/",
        "/cms/pages/",
        "/cms/snippets/partner/commissionrate/",
        "/cms/snippets/partner/commissionrate/add/",
        "/django-admin/",
        "/django-admin/auth/",
    ],
)
def test_producers_and_facilitators_never_get_into_the_admin(world, who, url):
    user = getattr(world, who)
    assert not user.is_staff
    response = world.client(user).get(url)
    assert response.status_code in (302, 403), response.status_code
    if response.status_code == 302:
        assert "login" in response.url


@pytest.mark.parametrize("url", ["/cms/login/", "/django-admin/login/"])
def test_admin_login_refuses_producers(world, url):
    client = world.client()
    client.post(url, {"username": "sari", "password": PASSWORD})
    response = client.get(url.replace("login/", ""))
    assert response.status_code == 302 and "login" in response.url
