"""Share buttons and short share links: codes round-trip, a short link
lands on the right shop page with UTM tags, each click of a person is one
Share row (machines and HEAD are not), bad codes are friendly 404s, nothing
redirects anywhere we did not build, and practice products stay hidden."""

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from hypothesis import given
from hypothesis import strategies as st
from oscar.core.loading import get_model

from sharing import codes
from sharing.models import Channel, Share
from storefront.models import ShopSettings
from tests import factories

Partner = get_model("partner", "Partner")

BROWSER = "Mozilla/5.0 (Linux; Android 12; SM-A125F) AppleWebKit/537.36 Chrome/120 Mobile"
JSON_LD = re.compile(r'<script type="application/ld\+json">[^<]*</script>')
SHARE_HREF = re.compile(r'href="/bagikan/([0-9A-Za-z]+)/"')

ids = st.integers(min_value=1, max_value=2**63)
links = st.builds(
    codes.Link,
    kind=st.sampled_from(codes.KINDS),
    target=ids,
    channel=st.sampled_from([str(channel) for channel in codes.CHANNELS]),
    sharer=st.none() | ids,
)


# --- codes --------------------------------------------------------------------------


@given(links)
def test_codes_round_trip(link):
    code = codes.encode(link)
    assert re.fullmatch(r"[0-9A-Za-z]{1,40}", code)
    assert codes.decode(code) == link


@given(links, st.data())
def test_a_code_with_one_character_changed_is_refused(link, data):
    code = codes.encode(link)
    index = data.draw(st.integers(0, len(code) - 1))
    other = data.draw(st.sampled_from(codes.ALPHABET).filter(lambda char: char != code[index]))
    assert codes.decode(code[:index] + other + code[index + 1 :]) is None


@given(st.text(max_size=60))
def test_decoding_any_text_never_raises(text):
    assert codes.decode(text) is None or isinstance(codes.decode(text), codes.Link)


def test_codes_are_short():
    link = codes.Link(codes.PRODUCT, 123456, Channel.WHATSAPP, sharer=4321)
    assert len(codes.encode(link)) <= 14


def test_codes_made_with_a_retired_key_still_open():
    """Printed posters outlive a SECRET_KEY rotation done with fallbacks."""
    link = codes.Link(codes.SHOP, 7, Channel.QR, sharer=7)
    with override_settings(SECRET_KEY="old-key-" + "x" * 50):
        code = codes.encode(link)
    with override_settings(SECRET_KEY="new-key-" + "y" * 50, SECRET_KEY_FALLBACKS=[]):
        assert codes.decode(code) is None
    with override_settings(
        SECRET_KEY="new-key-" + "y" * 50, SECRET_KEY_FALLBACKS=["old-key-" + "x" * 50]
    ):
        assert codes.decode(code) == link


# --- world ---------------------------------------------------------------------------


@pytest.fixture
def producer(ibun):
    producer = factories.ProducerFactory(site=ibun, name="Keripik Ceu Uji")
    producer.users.add(factories.UserFactory(username="ceu-uji"))
    return producer


@pytest.fixture
def product(producer):
    return factories.ProductFactory(
        title="Keripik Singkong Pedas", producer=producer, stock=5, stock__price=25000
    )


@pytest.fixture
def practice(ibun):
    """A trainee's practice shop with a product: never public."""
    shop = factories.ProducerFactory(site=ibun, name="Latihan Bu Sari", is_practice=True)
    product = factories.ProductFactory(
        title="Rengginang Latihan", producer=shop, stock=3, stock__price=17000
    )
    return shop, product


def code_for(obj, channel, sharer=None):
    kind = codes.SHOP if isinstance(obj, Partner) else codes.PRODUCT
    return codes.encode(codes.Link(kind, obj.pk, channel, sharer))


def browser(host="ibun.localhost", user=None):
    client = Client(HTTP_HOST=host, HTTP_USER_AGENT=BROWSER)
    if user is not None:
        client.force_login(user)
    return client


def query_of(url):
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


# --- short links -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_short_link_lands_on_the_product_with_utm_tags(product, producer):
    response = browser().get(f"/s/{code_for(product, Channel.WHATSAPP, producer.pk)}")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"http://ibun.localhost{product.get_absolute_url()}?")
    assert query_of(location) == {
        "utm_source": "whatsapp",
        "utm_medium": "share",
        "utm_campaign": producer.code,
    }
    assert browser().get(location.split("ibun.localhost", 1)[1]).status_code == 200


@pytest.mark.django_db
def test_a_shoppers_link_has_no_campaign_and_a_shop_link_lands_on_the_shop(producer):
    response = browser().get(f"/s/{code_for(producer, Channel.FACEBOOK)}")
    assert response.status_code == 302
    assert response["Location"].startswith(f"http://ibun.localhost{producer.get_absolute_url()}?")
    assert query_of(response["Location"]) == {"utm_source": "facebook", "utm_medium": "share"}


@pytest.mark.django_db
def test_a_short_link_goes_to_the_producers_own_shop_whatever_host_it_is_opened_on(
    product, other_shop
):
    for host in ("localhost", "127.0.0.1", "pangalengan.localhost"):
        response = browser(host).get(f"/s/{code_for(product, Channel.QR)}/")
        assert response.status_code == 302, host
        assert response["Location"].startswith("http://ibun.localhost/catalogue/"), host


@pytest.mark.django_db
def test_a_product_that_left_the_shop_leads_to_the_producers_shop(product, producer):
    product.is_public = False
    product.save()
    response = browser().get(f"/s/{code_for(product, Channel.QR)}")
    assert response["Location"].startswith(f"http://ibun.localhost{producer.get_absolute_url()}?")


@pytest.mark.django_db
def test_a_closed_shop_and_a_deleted_product_are_friendly_404s(product, producer):
    gone = factories.ProductFactory(producer=producer, deleted_at=timezone.now())
    practice_gone = factories.ProductFactory(
        producer=factories.ProducerFactory(is_practice=True), deleted_at=timezone.now()
    )
    Partner.objects.filter(pk=producer.pk).update(is_active=False)
    for obj in (product, producer, gone, practice_gone):
        response = browser().get(f"/s/{code_for(obj, Channel.LINK)}")
        assert response.status_code == 404
        assert "Halaman tidak ditemukan" in response.content.decode()
        assert gettext("What was shared here is no longer in the shop.") in (
            response.content.decode()
        )


@pytest.mark.django_db
def test_following_a_link_records_nothing(product):
    browser().get(f"/s/{code_for(product, Channel.WHATSAPP)}")
    assert not Share.objects.exists()


# --- share buttons ------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_click_on_whatsapp_records_a_share_and_opens_a_ready_message(product, producer):
    code = code_for(product, Channel.WHATSAPP, producer.pk)
    for clicks in (1, 2):
        response = browser().get(f"/bagikan/{code}/")
        assert response.status_code == 302
        assert Share.objects.count() == clicks
    share = Share.objects.first()
    assert (share.channel, share.producer, share.product, share.sharer) == (
        Channel.WHATSAPP,
        producer,
        product,
        producer,
    )
    location = response["Location"]
    assert location.startswith("https://wa.me/?text=")
    text = unquote(location.removeprefix("https://wa.me/?text="))
    assert "Keripik Singkong Pedas" in text and "Rp 25.000" in text
    assert text.endswith(f"http://ibun.localhost/s/{code}")
    assert response["X-Robots-Tag"].startswith("noindex")


@pytest.mark.django_db
def test_facebook_gets_the_short_link(product):
    code = code_for(product, Channel.FACEBOOK)
    response = browser().get(f"/bagikan/{code}/")
    assert response["Location"].startswith("https://www.facebook.com/sharer/sharer.php?u=")
    assert query_of(response["Location"]) == {"u": f"http://ibun.localhost/s/{code}"}
    share = Share.objects.get()
    assert (share.channel, share.sharer) == (Channel.FACEBOOK, None)


@pytest.mark.django_db
def test_copy_link_shows_the_link_to_copy_and_an_instagram_version(product, producer):
    client = browser()
    code = code_for(producer, Channel.LINK, producer.pk)
    response = client.get(f"/bagikan/{code}/")
    assert response["Location"] == f"/bagikan/{code}/salin/"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert f'value="http://ibun.localhost/s/{code}"' in html and "readonly" in html
    assert '<meta name="robots" content="noindex">' in html
    instagram = re.search(r'href="(/bagikan/([0-9A-Za-z]+)/)"', html)
    assert codes.decode(instagram.group(2)).channel == Channel.INSTAGRAM
    again = client.get(instagram.group(1), follow=True)
    instagram_code = instagram.group(2)
    assert f'value="http://ibun.localhost/s/{instagram_code}"' in again.content.decode()
    assert list(Share.objects.order_by("pk").values_list("channel", "product", "sharer")) == [
        (Channel.LINK, None, producer.pk),
        (Channel.INSTAGRAM, None, producer.pk),
    ]
    followed = client.get(f"/s/{instagram_code}")
    assert query_of(followed["Location"])["utm_source"] == "instagram"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_USER_AGENT": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit)"},
        {"HTTP_USER_AGENT": "WhatsApp/2.23.20.0 A"},
        {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1)"},
        {"HTTP_USER_AGENT": "TelegramBot (like TwitterBot)"},
        {"HTTP_USER_AGENT": "curl/8.4.0"},
        {"HTTP_USER_AGENT": ""},
        {"HTTP_USER_AGENT": BROWSER, "HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_USER_AGENT": BROWSER, "HTTP_SEC_FETCH_MODE": "no-cors"},
    ],
    ids=["facebook", "whatsapp", "google", "telegram", "curl", "no-agent", "prefetch", "img"],
)
def test_machines_do_not_record_shares(product, headers):
    response = Client(HTTP_HOST="ibun.localhost", **headers).get(
        f"/bagikan/{code_for(product, Channel.WHATSAPP)}/"
    )
    assert response.status_code == 302
    assert not Share.objects.exists()


@pytest.mark.django_db
def test_head_requests_do_not_record_shares(product):
    response = browser().head(f"/bagikan/{code_for(product, Channel.FACEBOOK)}/")
    assert response.status_code == 302
    assert not Share.objects.exists()


@pytest.mark.django_db
def test_qr_codes_are_not_share_buttons(product):
    assert browser().get(f"/bagikan/{code_for(product, Channel.QR)}/").status_code == 404
    assert browser().get(f"/bagikan/{code_for(product, Channel.QR)}/salin/").status_code == 404
    assert not Share.objects.exists()


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_garbled_codes_are_friendly_404s(product):
    good = code_for(product, Channel.WHATSAPP)
    garbled = [
        good[:-1],
        good[:-1] + ("A" if good[-1] != "A" else "B"),
        good + "x",
        "0" + good,
        "abc",
        "Z" * 40,
        "9" * 41,
        "9" * 64,
        good.lower() if good.lower() != good else good.upper(),
    ]
    client = browser()
    for code in garbled:
        for url in (f"/s/{code}", f"/bagikan/{code}/", f"/bagikan/{code}/salin/"):
            response = client.get(url)
            assert response.status_code == 404, url
            assert "Halaman tidak ditemukan" in response.content.decode()
    for url in ("/s/%00", "/s/%E2%9C%93", "/bagikan/../", "/s/", "/bagikan/-/"):
        assert client.get(url).status_code == 404, url
    assert not Share.objects.exists()


@pytest.mark.django_db
def test_the_404_is_in_the_visitors_language(product):
    response = browser().get("/s/abc", {"lang": "en"})
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_no_open_redirect(product, producer):
    """Nothing a visitor sends becomes a destination: every redirect goes
    to the product's shop, wa.me, Facebook's sharer or our copy page."""
    allowed = (
        "http://ibun.localhost/",
        "https://wa.me/?text=",
        "https://www.facebook.com/sharer/sharer.php?u=",
        "/bagikan/",
    )
    hostile = {
        "next": "https://evil.example/",
        "url": "//evil.example",
        "u": "https://evil.example",
        "text": "https://evil.example",
    }
    client = browser("127.0.0.1")
    for channel in codes.CHANNELS:
        for obj in (product, producer):
            code = code_for(obj, channel, producer.pk)
            for url in (f"/s/{code}", f"/bagikan/{code}/"):
                response = client.get(url, hostile, HTTP_REFERER="https://evil.example/")
                if response.status_code == 404:  # a QR code is no button
                    continue
                assert response.status_code == 302
                assert response["Location"].startswith(allowed), response["Location"]
                assert "evil" not in response["Location"]
    assert browser().post(f"/s/{code_for(product, Channel.LINK)}").status_code == 405


# --- practice shops --------------------------------------------------------------------------

PRACTICE_SHOP = (
    "This is a practice shop, made in a training class for village producers. It sells nothing."
)
PRACTICE_PRODUCT = (
    "This is a practice product, made in a training class for village producers. "
    "It is not for sale."
)


@pytest.mark.django_db
def test_a_practice_products_short_link_never_shows_the_product(practice):
    shop, product = practice
    for obj in (product, shop):
        response = browser().get(f"/s/{code_for(obj, Channel.WHATSAPP, shop.pk)}")
        html = response.content.decode()
        assert response.status_code == 200
        assert gettext(PRACTICE_SHOP if obj == shop else PRACTICE_PRODUCT) in html
        for secret in ("Rengginang", "17.000", "Latihan Bu Sari", product.get_absolute_url()):
            assert secret not in html
        assert '<meta name="robots" content="noindex">' in html
        assert response["X-Robots-Tag"].startswith("noindex")


@pytest.mark.django_db
def test_a_trainee_practises_sharing_and_the_share_is_recorded(practice):
    shop, product = practice
    code = code_for(product, Channel.WHATSAPP, shop.pk)
    response = browser().get(f"/bagikan/{code}/")
    assert response["Location"].startswith("https://wa.me/?text=")
    assert unquote(response["Location"]).endswith(f"http://ibun.localhost/s/{code}")
    share = Share.objects.get()
    assert (share.producer, share.product, share.sharer) == (shop, product, shop)
    copy_code = code_for(product, Channel.LINK, shop.pk)
    copy = browser().get(f"/bagikan/{copy_code}/salin/").content.decode()
    assert "Rengginang" not in copy and f"/s/{copy_code}" in copy


# --- buttons on pages -----------------------------------------------------------------------


def share_links(html):
    return [codes.decode(code) for code in SHARE_HREF.findall(html)]


@pytest.mark.django_db
@pytest.mark.parametrize("theme", ["desa", "pasar", "desa-senja"])
def test_buttons_on_product_and_producer_pages_work_without_javascript(
    theme, ibun, product, producer
):
    ShopSettings.objects.filter(site=ibun).update(theme=theme)
    client = browser()
    for obj, kind, url in (
        (product, codes.PRODUCT, product.get_absolute_url()),
        (producer, codes.SHOP, producer.get_absolute_url()),
    ):
        html = client.get(url).content.decode()
        assert "<script" not in JSON_LD.sub("", html)
        found = share_links(html)
        assert [link.channel for link in found] == ["whatsapp", "facebook", "link"]
        assert {(link.kind, link.target, link.sharer) for link in found} == {(kind, obj.pk, None)}
        for href in SHARE_HREF.findall(html):
            assert client.get(f"/bagikan/{href}/").status_code == 302
    assert Share.objects.count() == 6


@pytest.mark.django_db
def test_the_ref_is_hers_only_when_she_manages_the_producer(product, producer):
    owner = producer.users.get()
    other = factories.ProducerFactory(site=producer.site)
    other_user = factories.UserFactory()
    other.users.add(other_user)
    shopper = factories.UserFactory()
    for user, sharer in ((owner, producer.pk), (other_user, None), (shopper, None), (None, None)):
        html = browser(user=user).get(product.get_absolute_url()).content.decode()
        assert {link.sharer for link in share_links(html)} == {sharer}, user


@pytest.mark.django_db
def test_the_portal_product_list_shares_with_her_ref(producer, product):
    hidden = factories.ProductFactory(producer=producer, is_public=False)
    client = browser(user=producer.users.get())
    html = client.get(reverse("portal:product-list", kwargs={"producer": producer.code}))
    found = share_links(html.content.decode())
    assert {(link.target, link.sharer) for link in found} == {(product.pk, producer.pk)}
    assert hidden.pk not in {link.target for link in found}
    posters = client.get(reverse("portal:posters", kwargs={"producer": producer.code}))
    shop_links = share_links(posters.content.decode())
    assert {(link.kind, link.target, link.sharer) for link in shop_links} == {
        (codes.SHOP, producer.pk, producer.pk)
    }
