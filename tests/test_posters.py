"""QR posters: the QR code in the PNG and in the PDF scans back to exactly
the short link of the product or shop (channel qr, her ref), which lands
on the right page; the poster wears the shop's theme colours and speaks its
language; only her own products get one."""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image
from pypdf import PdfReader

from sharing import codes
from sharing.models import Channel, Share
from storefront.models import ShopSettings
from tests import factories

ProductImage = get_model("catalogue", "ProductImage")
FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")
ProducerGroup = get_model("partner", "ProducerGroup")

BROWSER = "Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 Chrome/120 Mobile"
PRIMARY = (0x12, 0x34, 0x56)


def jpeg(colour=(200, 30, 30), size=(800, 600)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


@pytest.fixture
def shop(ibun):
    ShopSettings.objects.filter(site=ibun).update(
        theme="desa",
        theme_options={"primary_color": "#123456", "accent_color": "#f5b82e"},
    )
    return ibun


@pytest.fixture
def producer(shop):
    village = factories.VillageFactory(name="Lampegan")
    producer = factories.ProducerFactory(site=shop, name="Keripik Ceu Uji", village=village)
    producer.users.add(factories.UserFactory(username="ceu-uji"))
    return producer


@pytest.fixture
def product(producer):
    product = factories.ProductFactory(
        title="Keripik Singkong Pedas", producer=producer, stock=5, stock__price=25000
    )
    ProductImage.objects.create(
        product=product, original=ContentFile(jpeg(), name="keripik.jpg"), display_order=0
    )
    return product


def client_for(user):
    client = Client(HTTP_HOST="ibun.localhost", HTTP_USER_AGENT=BROWSER)
    if user is not None:
        client.force_login(user)
    return client


def download(client, producer, fmt, product=None):
    kwargs = {"producer": producer.code, "format": fmt}
    if product is not None:
        kwargs["product"] = product.pk
    return client.get(reverse("portal:poster-download", kwargs=kwargs))


def expected_url(producer, product=None):
    kind, target = (codes.PRODUCT, product.pk) if product else (codes.SHOP, producer.pk)
    code = codes.encode(codes.Link(kind, target, Channel.QR, sharer=producer.pk))
    return f"http://ibun.localhost/s/{code}"


def qr_texts(image):
    return [
        result.text
        for result in zxingcpp.read_barcodes(image)
        if result.format == zxingcpp.BarcodeFormat.QRCode
    ]


def pdf_images(data):
    page = PdfReader(io.BytesIO(data)).pages[0]
    return [image.image for image in page.images]


def pdf_text(data):
    return PdfReader(io.BytesIO(data)).pages[0].extract_text()


@pytest.mark.django_db
def test_the_png_qr_scans_back_to_the_products_short_link(producer, product):
    response = download(client_for(producer.users.get()), producer, "png", product)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert 'filename="poster-' in response["Content-Disposition"]
    assert len(response.content) < 1024 * 1024
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (1240, 1754)  # A4 portrait at 150 dpi
    assert qr_texts(image) == [expected_url(producer, product)]

    colours = {colour for _count, colour in image.convert("RGB").getcolors(maxcolors=1 << 24)}
    assert PRIMARY in colours  # the shop's main colour, as the operator chose it
    assert any(abs(r - 200) < 12 and g < 50 and b < 50 for r, g, b in colours)  # the photo


@pytest.mark.django_db
def test_the_pdf_qr_scans_back_to_the_products_short_link(producer, product):
    response = download(client_for(producer.users.get()), producer, "pdf", product)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    images = pdf_images(response.content)
    assert len(images) == 2  # the photo and the QR code
    found = [text for image in images for text in qr_texts(image)]
    assert found == [expected_url(producer, product)]
    text = pdf_text(response.content)
    for expected in ("Keripik Singkong Pedas", "Rp 25.000", "Lampegan", "ibun.localhost"):
        assert expected in text
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


@pytest.mark.django_db
def test_scanning_the_poster_lands_on_the_product_with_her_ref(producer, product):
    url = expected_url(producer, product)
    response = client_for(None).get(urlsplit(url).path)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"http://ibun.localhost{product.get_absolute_url()}?")
    assert parse_qs(urlsplit(location).query) == {
        "utm_source": ["qr"],
        "utm_medium": ["share"],
        "utm_campaign": [producer.code],
    }


@pytest.mark.django_db
def test_the_shop_poster_leads_to_her_shop_in_the_shops_language(shop, producer):
    ShopSettings.objects.filter(site=shop).update(language="en")
    client = client_for(producer.users.get())
    png = download(client, producer, "png")
    assert qr_texts(Image.open(io.BytesIO(png.content))) == [expected_url(producer)]
    pdf = download(client, producer, "pdf")
    assert [t for image in pdf_images(pdf.content) for t in qr_texts(image)] == [
        expected_url(producer)
    ]
    text = pdf_text(pdf.content)
    assert "Scan to shop" in text and "Keripik Ceu Uji" in text and "Ibun Store" in text
    followed = client_for(None).get(urlsplit(expected_url(producer)).path)
    assert followed["Location"].startswith(f"http://ibun.localhost{producer.get_absolute_url()}?")


@pytest.mark.django_db
def test_a_poster_without_a_photo_has_a_bigger_qr_only(producer):
    bare = factories.ProductFactory(title="Sabun Sereh", producer=producer, stock=2)
    pdf = download(client_for(producer.users.get()), producer, "pdf", bare)
    images = pdf_images(pdf.content)
    assert len(images) == 1
    assert qr_texts(images[0]) == [expected_url(producer, bare)]


@pytest.mark.django_db
def test_a_download_by_her_is_a_qr_share_and_head_is_not(producer, product):
    client = client_for(producer.users.get())
    download(client, producer, "pdf", product)
    client.head(
        reverse(
            "portal:poster-download",
            kwargs={"producer": producer.code, "product": product.pk, "format": "png"},
        )
    )
    share = Share.objects.get()
    assert (share.channel, share.producer, share.product, share.sharer) == (
        Channel.QR,
        producer,
        product,
        producer,
    )


@pytest.mark.django_db
def test_nobody_gets_a_poster_of_someone_elses_product(shop, producer, product):
    other = factories.ProducerFactory(site=shop, name="Batik Bu Lain")
    other_user = factories.UserFactory()
    other.users.add(other_user)
    others_product = factories.ProductFactory(producer=other, stock=1)
    hidden = factories.ProductFactory(producer=producer, is_public=False, stock=1)
    mine = client_for(producer.users.get())
    for fmt in ("png", "pdf"):
        assert download(mine, producer, fmt, others_product).status_code == 404
        assert download(mine, producer, fmt, hidden).status_code == 404
        assert download(client_for(other_user), producer, fmt, product).status_code == 404
        assert download(client_for(other_user), producer, fmt).status_code == 404
        anonymous = download(client_for(None), producer, fmt, product)
        assert anonymous.status_code == 302 and "/jual/masuk/" in anonymous["Location"]
    assert download(mine, producer, "svg", product).status_code == 404
    assert download(mine, producer, "csv").status_code == 404
    assert not Share.objects.exists()


@pytest.mark.django_db
def test_the_posters_page_lists_her_shop_and_public_products_only(shop, producer, product):
    hidden = factories.ProductFactory(title="Masih Draf", producer=producer, is_public=False)
    other = factories.ProductFactory(title="Punya Orang Lain", producer=factories.ProducerFactory())
    response = client_for(producer.users.get()).get(
        reverse("portal:posters", kwargs={"producer": producer.code})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Keripik Singkong Pedas" in html
    assert hidden.title not in html and other.title not in html
    for fmt in ("png", "pdf"):
        assert (
            reverse(
                "portal:poster-download",
                kwargs={"producer": producer.code, "product": product.pk, "format": fmt},
            )
            in html
        )
        assert (
            reverse("portal:poster-download", kwargs={"producer": producer.code, "format": fmt})
            in html
        )
    shop_home = client_for(producer.users.get()).get(f"/jual/{producer.code}/")
    assert (
        reverse("portal:posters", kwargs={"producer": producer.code}) in shop_home.content.decode()
    )


@pytest.mark.django_db
def test_a_practice_shops_poster_leads_to_the_practice_page(shop):
    group = ProducerGroup.objects.create(name="Kelas PKBM", village=factories.VillageFactory())
    practice = factories.ProducerFactory(
        site=shop, name="Latihan Bu Sari", is_practice=True, group=group
    )
    facilitator = factories.UserFactory()
    FacilitatorAssignment.objects.create(facilitator=facilitator, group=group)
    product = factories.ProductFactory(title="Rengginang Latihan", producer=practice, stock=2)
    response = download(client_for(facilitator), practice, "png", product)
    assert response.status_code == 200
    url = expected_url(practice, product)
    assert qr_texts(Image.open(io.BytesIO(response.content))) == [url]
    page = client_for(None).get(urlsplit(url).path)
    assert page.status_code == 200
    assert "Rengginang" not in page.content.decode()
