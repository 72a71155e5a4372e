"""The theme customizer in the CMS: an operator previews a village shop
with new colours or another theme, then publishes; nothing changes for
shoppers before that, a preview token only works on its own shop, and only
people who may change a shop's settings reach its customizer."""

import io
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import GroupSitePermission

from storefront.models import ShopSettings
from tests import factories
from themes import preview


@pytest.fixture
def operator(db):
    return factories.UserFactory(is_staff=True, is_superuser=True)


def cms(user):
    client = Client()
    client.force_login(user)
    return client


def customize_url(site):
    return reverse("themes:customize", kwargs={"site_id": site.pk})


DESA_FORM = {
    "theme": "desa",
    "preview_page": "/",
    "primary_color": "#334455",
    "accent_color": "#aa5500",
    "background_color": "#ffffff",
    "font": "nunito",
    "footer_text": "Buka setiap hari kecuali Jumat",
    "logo": "",
    "hero_image": "",
}


@pytest.mark.django_db
def test_preview_shows_the_draft_and_changes_nothing(operator, ibun):
    response = cms(operator).post(customize_url(ibun), {**DESA_FORM, "action": "preview"})

    assert response.status_code == 200
    preview_url = response.context["preview_url"]
    assert preview_url.startswith("http://ibun.localhost")
    parts = urlsplit(preview_url)
    shopper = Client(HTTP_HOST="ibun.localhost")
    previewed = shopper.get(f"{parts.path}?{parts.query}")
    html = previewed.content.decode()
    assert "--brand:#334455" in html
    assert "Buka setiap hari kecuali Jumat" in html
    assert "nunito-latin-400-normal.woff2" in html
    assert "X-Frame-Options" not in previewed.headers, "the customizer shows it in a frame"
    assert "frame-ancestors" in previewed.headers["Content-Security-Policy"]
    assert "no-store" in previewed.headers["Cache-Control"]
    # Shoppers see nothing of it.
    plain = shopper.get("/")
    assert "--brand:#334455" not in plain.content.decode()
    assert plain.headers.get("X-Frame-Options") == "DENY"
    assert ShopSettings.for_site(ibun).theme_options == {}


@pytest.mark.django_db
def test_publishing_applies_to_the_shop_and_not_the_other(operator, ibun, other_shop):
    response = cms(operator).post(customize_url(ibun), {**DESA_FORM, "action": "publish"})

    assert response.status_code == 302
    settings = ShopSettings.for_site(ibun)
    assert settings.theme == "desa"
    assert settings.theme_options["primary_color"] == "#334455"
    ibun_page = Client(HTTP_HOST="ibun.localhost").get("/").content.decode()
    other_page = Client(HTTP_HOST="pangalengan.localhost").get("/").content.decode()
    assert "--brand:#334455" in ibun_page
    assert "--brand:#334455" not in other_page


def wagtail_image(title, size=(640, 480)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (160, 80, 30)).save(buffer, "JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.jpg")
    )


class Images(HTMLParser):
    """Each <img> of a page with the classes of the elements around it."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self, html):
        super().__init__()
        self.images = []  # (attrs, [classes of the enclosing elements, outermost first])
        self._open = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append((attrs, [classes for _tag, classes in self._open]))
        elif tag not in self.VOID:
            self._open.append((tag, (attrs.get("class") or "").split()))

    def handle_endtag(self, tag):
        for depth in range(len(self._open) - 1, -1, -1):
            if self._open[depth][0] == tag:
                del self._open[depth:]
                break

    def inside(self, css_class):
        return [attrs for attrs, around in self.images if any(css_class in c for c in around)]


@pytest.mark.django_db
@pytest.mark.parametrize("theme, logo_height", [("desa", 48), ("desa-senja", 56)])
def test_a_published_logo_is_in_the_header_and_the_home_image_in_the_hero(
    operator, ibun, theme, logo_height
):
    logo = wagtail_image("Logo Ibun", size=(240, 96))
    hero = wagtail_image("Sawah pagi", size=(1200, 800))
    form = {**DESA_FORM, "theme": theme, "logo": logo.pk, "hero_image": hero.pk}

    response = cms(operator).post(customize_url(ibun), {**form, "action": "publish"})

    assert response.status_code == 302
    options = ShopSettings.for_site(ibun).theme_options
    assert (options["logo"], options["hero_image"]) == (logo.pk, hero.pk)
    home = Client(HTTP_HOST="ibun.localhost").get("/")
    assert home.status_code == 200
    page = Images(home.content.decode())
    logo_url = logo.get_rendition(f"height-{logo_height}|format-webp").url
    hero_url = hero.get_rendition("width-960|format-webp").url
    [in_header] = page.inside("site-header")
    assert in_header["src"] == logo_url
    assert in_header["alt"] == "Ibun Store", "the logo is the shop's name for a screen reader"
    assert in_header["height"] == str(logo_height)
    [in_hero] = page.inside("block-hero")
    assert in_hero["src"] == hero_url
    assert "hero" in in_hero["class"].split()
    # Without them the header shows the shop's name and the hero no picture.
    cms(operator).post(
        customize_url(ibun), {**form, "logo": "", "hero_image": "", "action": "publish"}
    )
    page = Images(Client(HTTP_HOST="ibun.localhost").get("/").content.decode())
    assert page.inside("site-header") == [] and page.inside("block-hero") == []


@pytest.mark.django_db
def test_choosing_another_theme_shows_its_options_and_publishes_it(operator, ibun):
    client = cms(operator)
    response = client.post(customize_url(ibun), {"theme": "desa-senja", "action": "choose"})
    assert response.context["form"]["primary_color"].value() == "#8c2f1b"

    client.post(customize_url(ibun), {**DESA_FORM, "theme": "desa-senja", "action": "publish"})

    assert ShopSettings.for_site(ibun).theme == "desa-senja"
    html = Client(HTTP_HOST="ibun.localhost").get("/").content.decode()
    assert "desa-senja/senja.css" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value",
    [("primary_color", "merah"), ("font", "comic-sans"), ("theme", "tidak-ada")],
)
def test_a_bad_value_is_refused_and_nothing_is_published(operator, ibun, field, value):
    response = cms(operator).post(
        customize_url(ibun), {**DESA_FORM, field: value, "action": "publish"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert ShopSettings.for_site(ibun).theme_options == {}


@pytest.mark.django_db
def test_a_preview_token_only_works_on_its_own_shop(ibun, other_shop):
    token = preview.token_for(ibun, "desa", {"primary_color": "#abcdef"})
    other = Client(HTTP_HOST="pangalengan.localhost").get(f"/?{preview.PARAMETER}={token}")
    forged = Client(HTTP_HOST="ibun.localhost").get(f"/?{preview.PARAMETER}={token}x")
    assert "--brand:#abcdef" not in other.content.decode()
    assert "--brand:#abcdef" not in forged.content.decode()
    assert forged.headers.get("X-Frame-Options") == "DENY"


@pytest.mark.django_db
def test_only_those_who_may_change_a_shop_reach_its_customizer(ibun, other_shop):
    editor = factories.UserFactory()
    group = Group.objects.create(name="Operator Ibun")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupSitePermission.objects.create(
        group=group,
        site=ibun,
        permission=Permission.objects.get(codename="change_shopsettings"),
    )
    editor.groups.add(group)
    client = cms(editor)

    assert client.get(customize_url(ibun)).status_code == 200
    assert client.get(customize_url(other_shop)).status_code in (302, 403)
    shopper = cms(factories.UserFactory())
    assert shopper.get(customize_url(ibun)).status_code in (302, 403)
    assert Client().get(customize_url(ibun)).status_code == 302
    client.post(customize_url(other_shop), {**DESA_FORM, "action": "publish"})
    assert ShopSettings.for_site(other_shop).theme_options == {}


@pytest.mark.django_db
def test_the_index_lists_the_shops_and_the_screenshots_are_served(operator, ibun):
    client = cms(operator)
    index = client.get(reverse("themes:index")).content.decode()
    assert "Ibun Store" in index
    shot = client.get(reverse("themes:screenshot", kwargs={"key": "desa"}))
    assert shot.status_code == 200 and shot["Content-Type"] == "image/png"
    assert client.get(reverse("themes:screenshot", kwargs={"key": "nope"})).status_code == 404
