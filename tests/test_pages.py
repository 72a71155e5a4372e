"""The CMS pages of a village shop: a home built from blocks, stories with
products and producers in them, About pages, the producer directory; and
the operator's side of them in /cms/."""

import io

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from storefront.models import (
    ContentPage,
    ProducerDirectoryPage,
    ShopSettings,
    StoryIndexPage,
    StoryPage,
)
from tests import factories

Product = get_model("catalogue", "Product")


def wagtail_image(title="Pasar pagi"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), (180, 90, 30)).save(buffer, "JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title}.jpg")
    )


@pytest.fixture
def shop(ibun):
    producer = factories.ProducerFactory(
        site=ibun, name="Rajut Teh Uji", story="Merajut sejak 2010."
    )
    shown = factories.ProductFactory(producer=producer, title="Tas Rajut Biru", stock__price=85000)
    hidden = factories.ProductFactory(producer=producer, title="Tas Rahasia")
    Product.objects.filter(pk=hidden.pk).update(is_public=False)
    ShopSettings.objects.filter(site=ibun).update(whatsapp="0812-0000-0002")
    home = ibun.root_page.specific
    story = home.add_child(
        instance=StoryPage(
            title="Benang dari kebun",
            slug="benang",
            intro="Cerita rajutan.",
            body=[
                ("rich_text", RichText("<p>Teh Uji merajut setiap sore.</p>")),
                ("product", {"product": shown}),
                ("producer", {"producer": producer}),
            ],
        )
    )
    home.body = [
        (
            "hero",
            {
                "heading": "Selamat datang",
                "text": "Produk ibu-ibu Ibun",
                "button_text": "Belanja",
                "button_link": "/catalogue/",
            },
        ),
        ("featured_products", {"heading": "Pilihan kami", "products": [hidden, shown], "count": 8}),
        ("producer_spotlight", {"producer": producer, "text": "Rajutannya rapi."}),
        ("story_teaser", {"story": story}),
        ("rich_text", RichText("<p>Pesan sebelum Jumat.</p>")),
        ("gallery", [{"image": wagtail_image(), "caption": "Pasar hari Minggu"}]),
        (
            "call_to_action",
            {
                "heading": "Tanya kami",
                "text": "",
                "kind": "whatsapp",
                "button_text": "",
                "link": "",
            },
        ),
    ]
    home.save_revision().publish()
    about = home.add_child(
        instance=ContentPage(
            title="Tentang kami",
            slug="tentang-kami",
            intro="<p>Toko bersama ibu-ibu.</p>",
            show_contacts=True,
            show_in_menus=True,
        )
    )
    directory = home.add_child(
        instance=ProducerDirectoryPage(
            title="Para perajin", slug="para-perajin", intro="<p>Kenali mereka.</p>"
        )
    )
    stories = home.add_child(
        instance=StoryIndexPage(
            title="Cerita kami", slug="cerita", intro="<p>Kisah dari Ibun.</p>", show_in_menus=True
        )
    )
    return {
        "producer": producer,
        "shown": shown,
        "story": story,
        "about": about,
        "directory": directory,
        "stories": stories,
    }


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.django_db
def test_the_home_renders_every_block(ibun_client, shop):
    html = html_of(ibun_client, "/")
    for text in (
        "Selamat datang",
        "Pilihan kami",
        "Tas Rajut Biru",
        "Rajutannya rapi.",
        "Benang dari kebun",
        "Pesan sebelum Jumat.",
        "Pasar hari Minggu",
        "Tanya kami",
        "https://wa.me/6281200000002",
    ):
        assert text in html, text
    assert "Tas Rahasia" not in html, "a hidden product drops out of a chosen list"


@pytest.mark.django_db
def test_a_story_shows_its_product_and_producer(ibun_client, shop):
    html = html_of(ibun_client, shop["story"].relative_url(shop["story"].get_site()))
    assert "Teh Uji merajut setiap sore." in html
    assert "Tas Rajut Biru" in html and shop["shown"].get_absolute_url() in html
    assert shop["producer"].get_absolute_url() in html


@pytest.mark.django_db
def test_an_about_page_is_in_the_menu_with_the_shop_s_contacts(ibun_client, shop, ibun):
    about_url = shop["about"].relative_url(ibun)
    html = html_of(ibun_client, about_url)
    assert "Toko bersama ibu-ibu." in html
    assert "https://wa.me/6281200000002" in html
    assert "Balai Desa" in html  # the collection point
    home = html_of(ibun_client, "/")
    assert f'href="{about_url}"' in home


@pytest.mark.django_db
def test_the_producer_directory_page_titles_the_one_list(ibun_client, shop, ibun):
    directory = shop["directory"]
    assert directory.relative_url(ibun) == "/produsen/"
    redirect = ibun_client.get("/para-perajin/")
    assert redirect.status_code == 301 and redirect["Location"] == "/produsen/"
    html = html_of(ibun_client, "/produsen/")
    assert "Para perajin" in html and "Kenali mereka." in html
    assert "Rajut Teh Uji" in html


def add_story(parent, title, image=None, **fields):
    return parent.add_child(
        instance=StoryPage(title=title, slug=title.lower().replace(" ", "-"), image=image, **fields)
    )


@pytest.mark.django_db
def test_the_story_index_lists_every_live_story_of_the_shop_newest_first(
    ibun_client, shop, ibun, other_shop
):
    index = shop["stories"]
    under_the_index = add_story(index, "Batik dari Laksana", intro="Canting dan malam.")
    add_story(ibun.root_page, "Belum terbit", live=False)
    add_story(other_shop.root_page, "Cerita toko lain")

    html = html_of(ibun_client, index.relative_url(ibun))

    assert "Kisah dari Ibun." in html and "Canting dan malam." in html
    newest, older = html.index(under_the_index.title), html.index(shop["story"].title)
    assert newest < older, "newest first"
    assert "Belum terbit" not in html and "Cerita toko lain" not in html
    assert f'href="{under_the_index.relative_url(ibun)}"' in html
    assert f'href="{index.relative_url(ibun)}"' in html_of(ibun_client, "/"), "in the menu"


@pytest.mark.django_db
def test_the_story_index_shows_a_page_of_stories_at_a_time(ibun_client, shop, ibun):
    index = shop["stories"]
    for n in range(StoryIndexPage.stories_per_page):
        add_story(index, f"Cerita nomor {n}")
    url = index.relative_url(ibun)

    first, second = html_of(ibun_client, url), html_of(ibun_client, f"{url}?page=2")

    assert "Cerita nomor 11" in first and shop["story"].title not in first
    assert shop["story"].title in second and "Cerita nomor 11" not in second
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert shop["story"].title in html_of(ibun_client, f"{url}?page=99"), "the last page"
    assert "Cerita nomor 11" in html_of(ibun_client, f"{url}?page=satu"), "the first page"


@pytest.mark.django_db
@pytest.mark.parametrize("theme", ["desa", "pasar"])
def test_the_story_index_costs_the_same_queries_for_one_story_or_ten(
    ibun_client, shop, ibun, theme
):
    index = shop["stories"]
    url = index.relative_url(ibun)

    def queries():
        html_of(ibun_client, url)  # renditions made once, as on any first view
        with CaptureQueriesContext(connection) as captured:
            html_of(ibun_client, url)
        return len(captured)

    ShopSettings.objects.filter(site=ibun).update(theme=theme)
    StoryPage.objects.filter(pk=shop["story"].pk).update(image=wagtail_image("Benang"))
    one = queries()
    for n in range(9):
        add_story(index, f"Cerita bergambar {n}", image=wagtail_image(f"Gambar {n}"))
    assert queries() == one


@pytest.fixture
def operator(db):
    return factories.UserFactory(is_staff=True, is_superuser=True)


@pytest.mark.django_db
def test_the_operator_edits_every_page_type_in_the_cms(operator, shop, ibun):
    client = Client()
    client.force_login(operator)
    for page in (ibun.root_page, shop["story"], shop["about"], shop["directory"], shop["stories"]):
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page


@pytest.mark.django_db
def test_the_product_chooser_finds_public_products_by_name(operator, shop):
    client = Client()
    client.force_login(operator)
    found = client.get(reverse("product_chooser:choose_results"), {"q": "rajut"})
    assert found.status_code == 200
    html = found.content.decode()
    assert "Tas Rajut Biru" in html
    assert "Tas Rahasia" not in html
    producers = client.get(reverse("producer_chooser:choose_results"), {"q": "teh uji"})
    assert "Rajut Teh Uji" in producers.content.decode()


@pytest.mark.django_db
def test_the_choosers_are_for_cms_users_only(shop):
    shopper = Client()
    shopper.force_login(factories.UserFactory())
    response = shopper.get(reverse("product_chooser:choose"))
    assert response.status_code in (302, 403)
