"""The crawlers' files of each village shop (robots.txt, sitemap.xml and
its sections) are open to anyone, read-only, in the right format, and tell
only of the shop they are asked on.

Every URL of the ``seo`` namespace is listed in ROUTES; a new one missing
there fails the first test, so new crawler URLs cannot skip these checks.
"""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import get_resolver
from wagtail.models import Page

from tests import factories

XML = "application/xml"
TEXT = "text/plain; charset=utf-8"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

# URL name -> the addresses to try and the content type each must have.
ROUTES = {
    "robots-txt": [("/robots.txt", TEXT)],
    "sitemap": [("/sitemap.xml", XML)],
    "sitemap-section": [
        ("/sitemap-pages.xml", XML),
        ("/sitemap-products.xml", XML),
        ("/sitemap-producers.xml", XML),
    ],
}
URLS = [url for urls in ROUTES.values() for url in urls]
SITEMAP_URLS = [url for url, content_type in URLS if content_type == XML]


def seo_url_names():
    namespace = get_resolver().namespace_dict["seo"][1]
    return {name for name in namespace.reverse_dict if isinstance(name, str)}


def test_every_seo_url_is_in_the_matrix():
    assert seo_url_names() == set(ROUTES), (
        "Add new crawler URLs to ROUTES: "
        f"missing {sorted(seo_url_names() - set(ROUTES))}, "
        f"stale {sorted(set(ROUTES) - seo_url_names())}"
    )


@pytest.fixture
def world(ibun, other_shop):
    """Each shop with a producer, a public product and a story; Ibun also
    with a hidden and a deleted product."""
    from django.utils import timezone

    from storefront.models import StoryPage

    made = {}
    for key, site, name in (("ibun", ibun, "Ibun"), ("other", other_shop, "Lain")):
        producer = factories.ProducerFactory(site=site, name=f"Produsen {name}")
        product = factories.ProductFactory(producer=producer, title=f"Produk {name}")
        story = site.root_page.add_child(
            instance=StoryPage(title=f"Cerita {name}", slug=f"cerita-{key}")
        )
        made[key] = {"producer": producer, "product": product, "story": story}
    ibun_producer = made["ibun"]["producer"]
    made["hidden"] = factories.ProductFactory(producer=ibun_producer, is_public=False)
    made["deleted"] = factories.ProductFactory(producer=ibun_producer, deleted_at=timezone.now())
    made["inactive"] = factories.ProducerFactory(site=ibun, name="Berhenti", is_active=False)
    return made


def visitors():
    yield "anonymous", Client()
    shopper = Client()
    shopper.force_login(factories.UserFactory())
    yield "shopper", shopper
    staff = Client()
    staff.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    yield "operator", staff


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "content_type"), URLS)
def test_public_to_everyone_with_its_content_type(world, url, content_type):
    for who, client in visitors():
        response = client.get(url, HTTP_HOST="ibun.localhost")
        assert response.status_code == 200, (who, url)
        assert response["Content-Type"] == content_type, (who, url)
        # Nothing to remember about a crawler: no session is started.
        assert "sessionid" not in response.cookies, (who, url)


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "_content_type"), URLS)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_read_only(world, url, _content_type, method):
    client = Client(enforce_csrf_checks=False)
    response = getattr(client, method)(url, HTTP_HOST="ibun.localhost")
    assert response.status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "_content_type"), URLS)
def test_a_host_no_shop_claims_gets_no_crawler_file(world, url, _content_type):
    response = Client().get(url, HTTP_HOST="tidakada.localhost")
    assert response.status_code == 404


def locations(url, host):
    response = Client().get(url, HTTP_HOST=host)
    assert response.status_code == 200
    return {node.text for node in ET.fromstring(response.content).iter(f"{SITEMAP}loc")}


@pytest.mark.django_db
@pytest.mark.parametrize("url", SITEMAP_URLS)
def test_a_sitemap_tells_only_of_its_own_shop(world, url):
    ibun, other = world["ibun"], world["other"]
    for host, own, foreign in (
        ("ibun.localhost", ibun, other),
        ("pangalengan.localhost", other, ibun),
    ):
        found = locations(url, host)
        paths = {urlsplit(loc).path for loc in found}
        assert {urlsplit(loc).netloc for loc in found} <= {host}, (host, url)
        assert foreign["product"].get_absolute_url() not in paths, (host, url)
        assert foreign["producer"].get_absolute_url() not in paths, (host, url)
        assert f"/{foreign['story'].slug}/" not in paths, (host, url)
        expected = {
            "/sitemap.xml": {own["product"].get_absolute_url(), f"/{own['story'].slug}/"},
            "/sitemap-pages.xml": {"/", f"/{own['story'].slug}/"},
            "/sitemap-products.xml": {own["product"].get_absolute_url()},
            "/sitemap-producers.xml": {own["producer"].get_absolute_url()},
        }[url]
        assert expected <= paths, (host, url)


@pytest.mark.django_db
def test_hidden_deleted_and_inactive_are_left_out(world):
    paths = {urlsplit(loc).path for loc in locations("/sitemap.xml", "ibun.localhost")}
    assert world["hidden"].get_absolute_url() not in paths
    assert world["deleted"].get_absolute_url() not in paths
    assert world["inactive"].get_absolute_url() not in paths


@pytest.mark.django_db
def test_unpublished_and_private_pages_are_left_out(world, ibun):
    from wagtail.models import PageViewRestriction

    story = world["ibun"]["story"]
    PageViewRestriction.objects.create(page=story, restriction_type="login")
    draft = ibun.root_page.add_child(instance=Page(title="Draf", slug="draf", live=False))
    paths = {urlsplit(loc).path for loc in locations("/sitemap-pages.xml", "ibun.localhost")}
    assert paths == {"/"}
    assert f"/{draft.slug}/" not in paths


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/sitemap-nothing.xml", "/sitemap-products.xml?p=2", "/sitemap-products.xml?p=x"]
)
def test_unknown_sections_and_pages_are_not_found(world, url):
    assert Client().get(url, HTTP_HOST="ibun.localhost").status_code == 404
