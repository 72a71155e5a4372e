"""Host-to-shop routing, languages and rupiah formatting."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from tests import factories


@pytest.mark.django_db
def test_each_host_gets_its_own_shop(client, ibun, other_shop):
    ibun_producer = factories.ProducerFactory(site=ibun, name="Batik Ibu Uji")
    other_producer = factories.ProducerFactory(site=other_shop, name="Kopi Ibu Lain")
    factories.ProductFactory(producer=ibun_producer, title="Batik Tulis Ibun")
    factories.ProductFactory(producer=other_producer, title="Kopi Pangalengan")

    ibun_page = client.get("/catalogue/", HTTP_HOST="ibun.localhost").content.decode()
    other_page = client.get("/catalogue/", HTTP_HOST="pangalengan.localhost").content.decode()

    assert "Ibun Store" in ibun_page and "Batik Tulis Ibun" in ibun_page
    assert "Kopi Pangalengan" not in ibun_page
    assert "Toko Pangalengan" in other_page and "Kopi Pangalengan" in other_page
    assert "Batik Tulis Ibun" not in other_page


@pytest.mark.django_db
def test_the_portal_lists_every_village_shop(client, ibun, other_shop):
    page = client.get("/", HTTP_HOST="localhost").content.decode()
    assert "Ibun Store" in page
    assert "Toko Pangalengan" in page


@pytest.mark.django_db
def test_an_ip_address_gets_the_portal(client, ibun):
    response = client.get("/", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    assert response.wsgi_request.site.is_default_site


@pytest.mark.django_db
def test_an_unknown_shop_host_gets_a_clear_404(client, ibun):
    response = client.get("/", HTTP_HOST="tidakada.localhost")
    assert response.status_code == 404
    assert "tidakada.localhost" in response.content.decode()


@pytest.mark.django_db
def test_a_host_outside_allowed_hosts_is_refused(client, ibun):
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400


@pytest.mark.django_db
def test_product_of_another_shop_is_not_found(client, ibun, other_shop):
    other_product = factories.ProductFactory(producer=factories.ProducerFactory(site=other_shop))
    response = client.get(other_product.get_absolute_url(), HTTP_HOST="ibun.localhost")
    assert response.status_code == 404


@pytest.mark.django_db
def test_bahasa_indonesia_is_the_default_and_english_can_be_chosen(client, ibun):
    indonesian = client.get("/catalogue/", HTTP_HOST="ibun.localhost")
    assert indonesian["Content-Language"] == "id"
    assert "Keranjang" in indonesian.content.decode()
    assert "Cari produk" in indonesian.content.decode()

    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/catalogue/"}, HTTP_HOST="ibun.localhost"
    )
    assert response.status_code == 302
    english = client.get("/catalogue/", HTTP_HOST="ibun.localhost")
    assert english["Content-Language"] == "en"
    assert "Search products" in english.content.decode()
    assert "Keranjang" not in english.content.decode()


@pytest.mark.django_db
def test_a_shop_can_default_to_english(client, portal):
    factories.make_shop("tourist.localhost", "Tourist Shop", language="en")
    response = client.get("/catalogue/", HTTP_HOST="tourist.localhost", HTTP_ACCEPT_LANGUAGE="id")
    assert response["Content-Language"] == "en"


def render_currency(amount):
    return Template("{% load currency_filters %}{{ amount|currency }}").render(
        Context({"amount": amount})
    )


@pytest.mark.parametrize("language", ["id", "en"])
def test_rupiah_is_written_the_indonesian_way_in_both_languages(language):
    with translation.override(language):
        assert render_currency(Decimal("25000")) == "Rp\xa025.000"
        assert render_currency(Decimal("1250000.00")) == "Rp\xa01.250.000"
        assert render_currency(Decimal("0")) == "Rp\xa00"


@given(st.integers(min_value=0, max_value=10**12))
def test_rupiah_formatting_round_trips(amount):
    text = render_currency(Decimal(amount))
    assert text.startswith("Rp\xa0")
    assert int(text.removeprefix("Rp\xa0").replace(".", "")) == amount
