"""Two gunicorn app servers share one PostgreSQL, one Redis and one S3
bucket: whatever a shopper or a producer did on one is there on the other.

Every request names the server it goes to (A or B), alternating, as a
round-robin proxy would send them. Nothing is shared between the two
gunicorns but the three servers of the stack (tests/production/stack.py).
"""

import io
import re
import secrets

import pytest
from PIL import Image

from tests.production.client import Browser, raw_get
from tests.production.stack import BUCKET

SHOP = "ibun.localhost"
PRODUCER_PHONE, PRODUCER_PASSWORD = "081200000101", "pasardesa-produsen"

FIND_PRODUCT = """
import json
from oscar.core.loading import get_model
from wagtail.models import Site
from catalog import listing
from storefront.demo_data import PRODUCER_LOGIN
site = Site.objects.get(hostname="ibun.localhost")
producer = get_model("partner", "Partner").objects.get(name=PRODUCER_LOGIN[1])
product = listing.products_for_site(site).filter(producer=producer).order_by("pk").first()
print(json.dumps({"pk": product.pk, "url": product.get_absolute_url(),
                  "title": product.title, "producer": producer.code}))
"""


@pytest.fixture(scope="module")
def product(stack):
    return stack.shell(FIND_PRODUCT)


@pytest.fixture
def servers(stack):
    return stack.app_urls


def producer_signed_in(a, b):
    browser = Browser(SHOP)
    page = browser.get(a, "/jual/masuk/")
    done = browser.submit(
        b,
        "/jual/masuk/",
        page,
        "/jual/masuk/",
        {"username": PRODUCER_PHONE, "password": PRODUCER_PASSWORD},
    )
    assert done.status == 302, done.text[:2000]
    return browser


def test_the_servers_run_with_the_production_settings(stack, servers):
    a, b = servers
    assert a != b
    # DJANGO_HTTPS: plain http is sent to https; via the proxy, HSTS.
    assert raw_get(f"{a}/").status == 301
    page = Browser(SHOP).get(b, "/")
    assert page.status == 200
    assert "max-age=31536000" in page.headers["Strict-Transport-Security"]
    print(f"stack started in {stack.started_in:.0f} s")


def test_a_shoppers_basket_and_checkout_session_survive_alternating_servers(servers, product):
    a, b = servers
    shopper = Browser(SHOP)
    page = shopper.get(a, product["url"])
    assert page.status == 200
    added = shopper.submit(b, product["url"], page, "/basket/add/")
    assert added.status == 302

    basket = shopper.get(a, "/basket/")
    assert basket.status == 200 and product["title"] in basket.text

    gateway = shopper.get(b, "/checkout/")
    done = shopper.post(
        a,
        "/checkout/",
        {
            "csrfmiddlewaretoken": shopper.csrf_token(gateway),
            "username": "siti@example.com",
            "options": "anonymous",
        },
        referer="/checkout/",
    )
    assert done.status == 302 and done.location.endswith("/checkout/shipping-address/")
    # The email is in the session (Redis, cached_db); B knows it and shows
    # the next step instead of sending her back to the first.
    shipping = shopper.get(b, "/checkout/shipping-address/")
    assert shipping.status == 200, shipping.location

    # Control: a shopper with a basket but no such session is sent back.
    other = Browser(SHOP)
    other.submit(a, product["url"], other.get(a, product["url"]), "/basket/add/")
    assert other.get(b, "/checkout/shipping-address/").location.endswith("/checkout/")


def jpeg(color, size=(900, 700)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def test_a_producers_login_and_an_uploaded_photo_survive_alternating_servers(
    stack, servers, product
):
    a, b = servers
    producer = producer_signed_in(a, b)
    photos_path = f"/jual/{product['producer']}/produk/{product['pk']}/foto/"
    page = producer.get(a, photos_path)
    assert page.status == 200  # signed in on B, known on A
    before = set(re.findall(r'src="(/r/[^"]+)"', page.text))

    uploaded = producer.post(
        b,
        photos_path,
        {"csrfmiddlewaretoken": producer.csrf_token(page), "action": "upload"},
        referer=photos_path,
        files={"photos": ("kerupuk.jpg", jpeg((20, 160, 60)), "image/jpeg")},
    )
    assert uploaded.status == 302, uploaded.text[:2000]

    page = producer.get(a, photos_path)
    new = set(re.findall(r'src="(/r/[^"]+)"', page.text)) - before
    assert len(new) == 1
    rendition = new.pop()
    # A renders (or finds) the rendition of the photo B stored, in the
    # bucket, and sends the browser there.
    redirect = producer.get(a, rendition)
    assert redirect.status == 302
    assert redirect.location.startswith(f"{stack.s3_url}/{BUCKET}/media/")
    image = raw_get(redirect.location)
    assert image.status == 200
    assert Image.open(io.BytesIO(image.body)).getpixel((5, 5))[1] > 120  # the green photo
    assert producer.get(b, rendition).location == redirect.location


CHANGE_QUIETLY = """
import json
from oscar.core.loading import get_model
Product = get_model("catalogue", "Product")
# queryset.update(): no save(), so date_updated (the cache key) stays.
Product.objects.filter(pk={pk}).update(description="<p>{text}</p>")
print(json.dumps(True))
"""


def description(page):
    """The product's description section (a shared fragment)."""
    return re.search(r'<section class="[^"]*prose[^"]*">(.*?)</section>', page.text, re.S).group(1)


def basket_count(page):
    """The number of items the header's basket link shows (hers alone)."""
    return int(re.search(r'class="(?:basket-pill-)?count">(\d+)<', page.text).group(1))


def test_cached_product_pages_are_shared_and_retired_on_both_when_the_product_changes(
    stack, servers, product
):
    """Two caches in Redis: whole pages for visitors without a session
    (storefront.page_cache), and the shared fragments (product text, SEO
    head) on the pages rendered for the others."""
    a, b = servers
    newcomer = Browser(SHOP)  # no session: served shared copies
    first = newcomer.get(a, product["url"])
    assert first.status == 200
    shopper = Browser(SHOP)  # with a basket: her own pages, shared fragments
    page = shopper.get(a, product["url"])
    assert shopper.submit(a, product["url"], page, "/basket/add/").status == 302
    cached = description(shopper.get(a, product["url"]))

    # Behind the caches' back: B, which never rendered the page, serves it
    # from the shared Redis as A does, and both keep the cached text.
    stack.shell(CHANGE_QUIETLY.format(pk=product["pk"], text="Diam-diam diubah"))
    for server in (b, a):
        copy = Browser(SHOP).get(server, product["url"])
        assert copy.headers["X-Page-Cache"] == "hit"
        assert "Diam-diam diubah" not in copy.text
        page = shopper.get(server, product["url"])
        assert "X-Page-Cache" not in page.headers
        assert basket_count(copy) == 0
        assert basket_count(page) == 1  # her page itself is rendered for her...
        assert description(page) == cached  # ...its shared parts come from Redis
        assert "Diam-diam diubah" not in page.text

    # The producer edits the product on B: both caches let go on both servers.
    producer = producer_signed_in(b, a)
    edit_path = f"/jual/{product['producer']}/produk/{product['pk']}/ubah/"
    form = producer.get(b, edit_path)
    saved = producer.submit(
        b,
        edit_path,
        form,
        field="title",
        changes={"description": "Kerupuk baru, lebih pedas."},
    )
    assert saved.status == 302, saved.text[:3000]
    for server in (a, b):
        for browser in (Browser(SHOP), shopper):
            text = description(browser.get(server, product["url"]))
            assert "Kerupuk baru, lebih pedas." in text
            assert "Diam-diam diubah" not in text


PRIVATE_AND_PUBLIC = """
import json
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
private = storages["private"]
name = private.save("payment-proofs/test/bukti.txt", ContentFile(b"rekening 123"))
public = default_storage.save("products/test/foto.txt", ContentFile(b"foto"))
print(json.dumps({"private": private.url(name), "public": default_storage.url(public),
                  "bucket": private.bucket_name}))
"""


def test_payment_receipts_are_private_and_photos_public(stack):
    urls = stack.shell(PRIVATE_AND_PUBLIC)
    assert urls["bucket"] != BUCKET
    signed = urls["private"]
    assert "X-Amz-Signature=" in signed
    assert raw_get(signed).body == b"rekening 123"
    assert raw_get(signed.split("?")[0]).status == 403  # the object without a signature
    assert "?" not in urls["public"]
    assert raw_get(urls["public"]).body == b"foto"


SEND_LATER = """
import json
from django.core.mail import send_mail
from storefront import tasks
job = tasks.enqueue(send_mail, "{subject}", "Terima kasih", "toko@pasardesa.test",
                    ["siti@example.com"])
print(json.dumps(job.id))
"""


def test_tasks_wait_in_redis_for_a_worker(stack):
    """With REDIS_URL, storefront.tasks.enqueue queues (the payment and
    order-status emails go through it); `rqworker` sends them."""
    subject = f"Pesanan PD-{secrets.token_hex(4)}"
    assert stack.shell(SEND_LATER.format(subject=subject))
    assert not any(subject in mail for mail in stack.emails())

    done = stack.manage("rqworker", "default", "--burst")
    assert done.returncode == 0, done.stderr

    assert any(subject in mail for mail in stack.emails())
