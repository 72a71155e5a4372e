"""A producer on a phone puts a product in Ibun Store and fulfils its order.

Bu Ani signs in to /jual/ with her phone number, adds a product in three
screens with a sideways phone photo that carries her home's GPS position,
and the shop shows that photo upright and without any metadata in every
size and format a browser is served. A shopper orders it (cash on
delivery, pick-up) and Bu Ani moves the order through every step; the
shopper's order status page shows where it is.
"""

import base64
import hashlib
import io
import re
from decimal import Decimal
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from PIL import Image, ImageOps

from tests import factories
from tests.shopping import ADDRESS
from vendors import fulfilment
from vendors.auth_backends import normalise_phone
from vendors.models import Account

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
Category = get_model("catalogue", "Category")
Order = get_model("order", "Order")
FulfilmentEvent = get_model("partner", "FulfilmentEvent")

PRODUCER_PHONE = "0852 1234 5678"
PASSWORD = "rahasia-uji-123"  # tests.factories.UserFactory's
SHOPPER_EMAIL = "pembeli@contoh.test"
TITLE = "Opak Ketan Bakar"

GPS_IFD = 0x8825
ORIENTATION = 0x0112
TOP, BOTTOM = (255, 0, 0), (0, 0, 255)  # red on top once upright, blue below

# The steps of a pick-up order, in the order she takes them.
STEPS = (
    fulfilment.CONFIRMED,
    fulfilment.PACKED,
    fulfilment.READY_FOR_PICKUP,
    fulfilment.DELIVERED,
)


def sideways_phone_photo():
    """A JPEG as a phone held upright writes it: the pixels lie on their
    side (400 x 200, red left, blue right) and EXIF Orientation 6 says
    "turn 90° clockwise", which makes it 200 x 400 with red on top. It also
    carries the GPS position where it was taken."""
    image = Image.new("RGB", (400, 200), BOTTOM)
    image.paste(TOP, (0, 0, 200, 200))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "S"  # GPSLatitudeRef
    gps[2] = (7.0, 7.0, 41.5)  # GPSLatitude: Ibun, Kabupaten Bandung
    gps[3] = "E"  # GPSLongitudeRef
    gps[4] = (107.0, 45.0, 12.25)  # GPSLongitude
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif)
    data = out.getvalue()

    # The file really is what the test claims before it goes anywhere.
    check = Image.open(io.BytesIO(data))
    assert check.size == (400, 200)
    assert check.getexif()[ORIENTATION] == 6
    assert {1, 2, 3, 4} <= set(check.getexif().get_ifd(GPS_IFD))
    upright = ImageOps.exif_transpose(check)
    assert upright.size == (200, 400)
    assert_colour(upright.getpixel((100, 100)), TOP)
    assert_colour(upright.getpixel((100, 300)), BOTTOM)
    return data


def assert_colour(pixel, expected, where=""):
    assert all(abs(a - b) <= 60 for a, b in zip(pixel[:3], expected, strict=True)), (
        f"{where}: {pixel} is not close to {expected}"
    )


def assert_clean_upright(data, where):
    """An image file that shows the photo upright and says nothing else."""
    image = Image.open(io.BytesIO(data))
    image.load()
    exif = image.getexif()
    assert not exif.get_ifd(GPS_IFD), f"{where} still has GPS: {dict(exif.get_ifd(GPS_IFD))}"
    assert not exif, f"{where} still has EXIF: {dict(exif)}"
    assert "exif" not in image.info, f"{where} carries an EXIF block"
    assert "xmp" not in image.info and "XML:com.adobe.xmp" not in image.info, where
    width, height = image.size
    assert height > width, f"{where} is {width} x {height}: not upright (portrait)"
    rgb = image.convert("RGB")
    assert_colour(rgb.getpixel((width // 2, height // 4)), TOP, f"{where} top")
    assert_colour(rgb.getpixel((width // 2, height * 3 // 4)), BOTTOM, f"{where} bottom")
    return image.format


class ServedImages:
    """Every image a page is served from /media/ or /r/, kept as (url, bytes).

    Static files (icons, logos) are the theme's, not the product's."""

    def __init__(self, page):
        self.images = []
        page.on("response", self.record)

    def record(self, response):
        if response.request.resource_type != "image" or response.status != 200:
            return
        path = urlsplit(response.url).path
        if path.startswith(("/media/", "/r/")):
            self.images.append((response.url, response.body()))


def image_urls_on(page):
    """Every URL of <img src>, <img srcset> and <source srcset> on the page."""
    urls = page.evaluate(
        """() => {
            const urls = [];
            for (const el of document.querySelectorAll('img[src], img[srcset], source[srcset]')) {
                if (el.getAttribute('src')) urls.push(el.getAttribute('src'));
                for (const part of (el.getAttribute('srcset') || '').split(',')) {
                    const url = part.trim().split(/\\s+/)[0];
                    if (url) urls.push(url);
                }
            }
            return urls;
        }"""
    )
    return sorted({urljoin(page.url, url) for url in urls})


def fetch_in_page(page, url):
    """The bytes the browser gets for ``url`` (redirects followed). Fetched by
    the page itself: Playwright's own HTTP client does not resolve the
    *.localhost shops that the browser maps to 127.0.0.1."""
    answer = page.evaluate(
        """async (url) => {
            const response = await fetch(url);
            const bytes = new Uint8Array(await response.arrayBuffer());
            let text = '';
            for (const byte of bytes) text += String.fromCharCode(byte);
            return {status: response.status, type: response.headers.get('content-type'),
                    body: btoa(text)};
        }""",
        url,
    )
    assert answer["status"] == 200, f"{url}: {answer['status']}"
    assert (answer["type"] or "").startswith("image/"), f"{url}: {answer['type']}"
    return base64.b64decode(answer["body"])


def wait_for_images(page, selector):
    """Until the images matching ``selector`` are decoded and the network rests."""
    page.wait_for_function(
        """(selector) => {
            const images = [...document.querySelectorAll(selector)];
            return images.length > 0 && images.every(i => i.complete && i.naturalWidth > 0);
        }""",
        arg=selector,
    )
    page.wait_for_load_state("networkidle")


def submit(page, form_selector):
    """Submit a form with its button and wait for the page that answers."""
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type=submit]").first.click()


def labels_for(page):
    """Status labels in the language the page is written in."""
    with translation.override(page.locator("html").get_attribute("lang") or "id"):
        return {
            status: fulfilment.label(status)
            for status in (*STEPS, fulfilment.NEW, fulfilment.SHIPPED, "Complete")
        }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_producer_adds_a_product_from_her_phone_and_fulfils_its_order(
    live_server, phone, another_phone, ibun
):
    ProductClass.objects.get_or_create(name="Makanan", defaults={"track_stock": True})
    Category.add_root(name="Makanan & Camilan")
    Category.add_root(name="Kerajinan")
    producer = factories.ProducerFactory(site=ibun, name="Dapur Bu Ani")
    ani = factories.UserFactory(first_name="Ani", email="")
    Account.objects.create(user=ani, phone=normalise_phone(PRODUCER_PHONE))
    producer.users.add(ani)
    photo = sideways_phone_photo()

    port = live_server.url.rsplit(":", 1)[1]
    shop = f"http://ibun.localhost:{port}"
    served = [ServedImages(phone)]

    # 1. She signs in with her phone number, written as she says it.
    phone.goto(f"{shop}/jual/masuk/")
    phone.fill("input[name=username]", PRODUCER_PHONE)
    phone.fill("input[name=password]", PASSWORD)
    submit(phone, "form:has(input[name=password])")
    shop_home = reverse("portal:shop", kwargs={"producer": producer.code})
    assert urlsplit(phone.url).path == shop_home
    assert phone.locator("h1").inner_text() == "Dapur Bu Ani"

    # 2. Three screens: photos, name and price, stock.
    add_url = reverse("portal:product-add", kwargs={"producer": producer.code})
    with phone.expect_navigation():
        phone.locator(f"a[href='{add_url}']").first.click()
    assert phone.locator("[aria-current=step]").inner_text().startswith("1.")
    phone.set_input_files(
        "input[name=photos]",
        files=[{"name": "IMG_20250301_071502.jpg", "mimeType": "image/jpeg", "buffer": photo}],
    )
    submit(phone, "form.photo-upload")
    phone.wait_for_url(re.compile(r"/produk/\d+/detail/$"))
    assert phone.locator("[aria-current=step]").inner_text().startswith("2.")
    wait_for_images(phone, "img.thumb")  # her own upload, shown back to her

    phone.fill("input[name=title]", TITLE)
    phone.fill("input[name=price]", "Rp 18.500")
    phone.select_option("select[name=category]", label="Makanan & Camilan")
    phone.fill("textarea[name=description]", "Opak dari beras ketan, dibakar di atas arang.")
    submit(phone, "form:has(input[name=title])")
    phone.wait_for_url(re.compile(r"/produk/\d+/stok/$"))
    assert phone.locator("[aria-current=step]").inner_text().startswith("3.")

    phone.check("input[name=fulfilment][value=stock]")
    phone.fill("input[name=num_in_stock]", "7")
    submit(phone, "form:has(input[name=fulfilment])")
    product = Product.objects.get(producer=producer)
    assert urlsplit(phone.url).path == reverse(
        "portal:product-list", kwargs={"producer": producer.code}
    )
    assert phone.locator(f"a[href='{product.get_absolute_url()}']").count() >= 1

    assert product.is_public and product.title == TITLE
    record = product.stockrecords.get()
    assert (record.price, record.num_in_stock) == (Decimal("18500"), 7)
    image = product.images.get()
    with default_storage.open(image.original.name, "rb") as stored:
        assert assert_clean_upright(stored.read(), "stored original") == "JPEG"

    # 3. The shop shows it; every image served for it is upright and clean.
    shopper = another_phone()
    served.append(ServedImages(shopper))
    fetched = {}

    shopper.goto(f"{shop}{reverse('catalogue:index')}")
    card = shopper.locator(".product-card", has_text=TITLE)
    card.wait_for()
    wait_for_images(shopper, ".product-card img")
    catalogue_urls = image_urls_on(shopper)

    with shopper.expect_navigation():
        card.locator("a.card-link").click()
    assert urlsplit(shopper.url).path == product.get_absolute_url()
    assert TITLE in shopper.locator("h1").inner_text()
    wait_for_images(shopper, ".gallery img")
    product_urls = image_urls_on(shopper)

    digest = hashlib.sha1(image.original.name.encode(), usedforsecurity=False).hexdigest()
    for url in catalogue_urls + product_urls:
        if not urlsplit(url).path.startswith(("/media/", "/r/")):
            continue
        assert image.original.name in url or digest in url, f"{url} is not her photo"
        fetched[url] = fetch_in_page(shopper, url)
    assert any(image.original.name in url for url in product_urls), "no photo on product page"

    images = [item for collector in served for item in collector.images] + list(fetched.items())
    served_to_shopper = served[1].images
    assert served_to_shopper, "the shopper's browser was served no product photo"
    formats = {assert_clean_upright(data, url) for url, data in images}
    assert formats, "no image checked"

    # 4. A shopper orders it: cash on delivery, picked up at the balai desa.
    shopper.locator("form[action*='/basket/add/'] button[type=submit]").click()
    shopper.goto(f"{shop}/basket/")
    shopper.locator("a[href='/checkout/']").first.click()
    shopper.fill("input[name=username]", SHOPPER_EMAIL)
    shopper.check("input[name=options][value=anonymous]")
    submit(shopper, "form:has(input[name=username])")
    for field in ("first_name", "phone_number", "line1", "line4"):
        shopper.fill(f"[name={field}]", ADDRESS[field])
    submit(shopper, "form:has([name=line1])")
    submit(shopper, "form:has(input[name=method_code][value=pickup])")
    shopper.check("input[name=method][value=cod]")
    submit(shopper, "form:has(input[name=method])")
    submit(shopper, "form:has(input[name=action][value=place_order])")
    shopper.wait_for_url(re.compile(r"/checkout/thank-you/"))
    order = Order.objects.get()
    line = order.lines.get()
    assert (line.product_id, line.partner_id, line.status) == (product.pk, producer.pk, "New")
    assert order.number in shopper.content()

    # 5. She finds the order in the portal and takes it through every step.
    phone.goto(f"{shop}{shop_home}")
    orders_url = reverse("portal:order-list", kwargs={"producer": producer.code})
    with phone.expect_navigation():
        phone.locator(f"a[href='{orders_url}']").first.click()
    detail_url = reverse(
        "portal:order-detail", kwargs={"producer": producer.code, "number": order.number}
    )
    with phone.expect_navigation():
        phone.locator(f"a[href='{detail_url}']").first.click()
    labels = labels_for(phone)
    status = phone.locator(f"#line-{line.pk} .status")
    assert status.inner_text() == labels[fulfilment.NEW]

    whatsapp = phone.locator("a[href^='https://wa.me/']")
    assert whatsapp.count() == 1
    href = whatsapp.get_attribute("href")
    shopper_digits = normalise_phone(ADDRESS["phone_number"]).lstrip("+")
    assert href.startswith(f"https://wa.me/{shopper_digits}?text="), href
    assert order.number in href

    for number, step in enumerate(STEPS, start=1):
        button = phone.locator(
            f"#line-{line.pk} form:has(input[name=status][value='{step}']) button[type=submit]"
        )
        if step == fulfilment.READY_FOR_PICKUP:
            # A pick-up order offers "ready for pickup" first, "shipped" second.
            assert "secondary" not in (button.get_attribute("class") or "")
        with phone.expect_navigation():
            button.click()
        assert urlsplit(phone.url).path == detail_url
        assert status.inner_text() == labels[step]
        assert phone.locator(f"#line-{line.pk} .history li").count() == number
        line.refresh_from_db()
        assert line.status == step
        assert FulfilmentEvent.objects.filter(line=line).count() == number
        assert phone.locator("a[href^='https://wa.me/']").count() == 1
    assert phone.locator(f"#line-{line.pk} form:has(input[name=status])").count() == 0

    order.refresh_from_db()
    assert order.status == "Complete"
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated or 0) == (6, 0)
    assert [event.actor_id for event in FulfilmentEvent.objects.filter(line=line)] == [ani.pk] * 4

    # 6. The shopper looks her order up and sees it delivered.
    shopper.goto(f"{shop}{reverse('order-lookup')}")
    shopper.fill("input[name=number]", order.number)
    shopper.fill("input[name=email]", SHOPPER_EMAIL)
    submit(shopper, "form:has(input[name=number])")
    shopper.wait_for_url(re.compile(rf"/{order.number}/"))
    shopper_labels = labels_for(shopper)
    assert shopper.locator(".status").first.inner_text() == shopper_labels["Complete"]
    progress = shopper.locator(".line-progress .line-status strong")
    assert progress.inner_text() == shopper_labels[fulfilment.DELIVERED]
    assert shopper.locator(".line-events li").count() == len(STEPS)

    for page in (phone, shopper):
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{page.url} scrolls sideways on a 360 px phone"
