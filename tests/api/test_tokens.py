"""API tokens: made and revoked by their owner on her account page, stored
as digests, scoped, expiring."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from api import tokens
from api.models import ApiToken
from tests import factories
from tests.shopping import add_to_basket


@pytest.fixture
def producer_user(ibun):
    user = factories.UserFactory(username="bu-ani")
    factories.ProducerFactory(site=ibun, name="Bu Ani").users.add(user)
    return user


@pytest.mark.django_db
def test_a_producer_makes_a_token_and_sees_it_once(ibun_client, producer_user):
    ibun_client.force_login(producer_user)
    response = ibun_client.post(
        "/jual/token-api/", {"name": "Bot WhatsApp", "scope": "write", "days": "90"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    secret = re.search(r"<code>(pd_[\w-]+)</code>", page).group(1)
    token = ApiToken.objects.get(user=producer_user)
    # Only a digest is kept; the secret is not stored anywhere.
    assert token.digest == tokens.digest_of(secret) and secret not in str(token.__dict__)
    assert token.scope == ApiToken.WRITE
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=90)).date()
    # The list shows its name and prefix, never the secret again.
    listing = ibun_client.get("/jual/token-api/").content.decode()
    assert "Bot WhatsApp" in listing and token.prefix in listing and secret not in listing
    assert "← Toko saya</a>" in listing, "her way back to her shop"
    assert '<a class="brand" href="/jual/">Toko saya</a>' in listing

    me = ibun_client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200


@pytest.mark.django_db
def test_a_shopper_finds_the_token_page_from_her_account_and_her_app_reads_her_basket(
    ibun_client, ibun
):
    shopper = factories.UserFactory(username="siti")
    product = factories.ProductFactory(
        producer=factories.ProducerFactory(site=ibun, name="Bu Ani"),
        title="Keripik Singkong",
        stock=5,
    )
    ibun_client.force_login(shopper)
    add_to_basket(ibun_client, product, quantity=2)

    account = ibun_client.get("/accounts/", follow=True)
    assert account.status_code == 200
    link = re.search(r'<a href="([^"]+)"[^>]*>\s*Token API untuk aplikasi\s*</a>', account.text)
    assert link, "her account navigation has no link to the API tokens"
    assert link.group(1) == "/jual/token-api/"
    page = ibun_client.get(link.group(1))
    assert page.status_code == 200 and "Buat token" in page.text
    assert '<a href="/accounts/">← Akun saya</a>' in page.text, "her way back"
    assert "Toko saya" not in page.text, "she has no shop to go back to"
    assert '<a class="brand" href="/accounts/">Akun saya</a>' in page.text
    made = ibun_client.post(link.group(1), {"name": "Aplikasi HP", "scope": "read", "days": "30"})
    secret = re.search(r"<code>(pd_[\w-]+)</code>", made.text).group(1)
    assert ApiToken.objects.get(user=shopper).name == "Aplikasi HP"

    # Her app: no session, only the token, sees her own basket.
    app = Client(HTTP_HOST="ibun.localhost")
    basket = app.get("/api/v1/basket", headers={"Authorization": f"Bearer {secret}"})
    assert basket.status_code == 200, basket.content
    assert [(line["title"], line["quantity"]) for line in basket.json()["lines"]] == [
        ("Keripik Singkong", 2)
    ]
    assert app.get("/api/v1/basket").json()["lines"] == []


@pytest.mark.django_db
def test_a_token_needs_a_name(ibun_client, producer_user):
    ibun_client.force_login(producer_user)
    response = ibun_client.post("/jual/token-api/", {"name": "", "scope": "read", "days": "30"})
    assert "Beri token nama yang akan Anda kenali." in response.content.decode()
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_revoking_stops_the_token_at_once(ibun_client, producer_user, bearer):
    headers = bearer(producer_user)
    token = ApiToken.objects.get(user=producer_user)
    ibun_client.force_login(producer_user)
    response = ibun_client.post(f"/jual/token-api/{token.pk}/cabut/")
    assert response.status_code == 302
    ibun_client.logout()
    refused = ibun_client.get("/api/v1/me", headers=headers)
    assert refused.status_code == 401
    assert refused.json()["code"] == "unauthenticated"
    assert refused["WWW-Authenticate"] == "Bearer"


@pytest.mark.django_db
def test_nobody_revokes_someone_elses_token(ibun_client, producer_user, bearer):
    headers = bearer(producer_user)
    token = ApiToken.objects.get(user=producer_user)
    ibun_client.force_login(factories.UserFactory(username="orang-lain"))
    ibun_client.post(f"/jual/token-api/{token.pk}/cabut/")
    assert "orang-lain" not in ibun_client.get("/jual/token-api/").content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    ibun_client.logout()
    assert ibun_client.get("/api/v1/me", headers=headers).status_code == 200


@pytest.mark.django_db
def test_token_pages_need_a_signed_in_person(ibun_client):
    assert ibun_client.get("/jual/token-api/").status_code == 302
    assert ibun_client.post("/jual/token-api/1/cabut/").status_code == 302


@pytest.mark.django_db
def test_expired_unknown_and_inactive_tokens_are_refused(ibun_client, producer_user, bearer):
    expired = bearer(producer_user, days=-1)
    assert ibun_client.get("/api/v1/me", headers=expired).status_code == 401
    unknown = {"Authorization": "Bearer pd_tidak-ada"}
    assert ibun_client.get("/api/v1/me", headers=unknown).status_code == 401
    # A bad token is refused even where anonymous callers are welcome: the
    # app must learn that its token stopped working.
    assert ibun_client.get("/api/v1/products", headers=unknown).status_code == 401
    headers = bearer(producer_user)
    producer_user.is_active = False
    producer_user.save()
    assert ibun_client.get("/api/v1/me", headers=headers).status_code == 401


@pytest.mark.django_db
def test_a_read_only_token_cannot_change_anything(ibun_client, producer_user, bearer):
    headers = bearer(producer_user, scope=ApiToken.READ)
    assert ibun_client.get("/api/v1/me", headers=headers).status_code == 200
    code = producer_user.partners.get().code
    response = ibun_client.patch(
        f"/api/v1/me/producers/{code}/profile",
        {"name": "Diubah"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 403
    assert response.json()["code"] == "read_only_token"
    assert producer_user.partners.get().name == "Bu Ani"


@pytest.mark.django_db
def test_last_use_is_written_at_most_every_few_minutes(ibun_client, producer_user, bearer):
    headers = bearer(producer_user)
    ibun_client.get("/api/v1/me", headers=headers)
    token = ApiToken.objects.get()
    first_use = token.last_used_at
    assert first_use is not None
    ibun_client.get("/api/v1/me", headers=headers)
    token.refresh_from_db()
    assert token.last_used_at == first_use
