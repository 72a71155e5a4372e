"""The theme customizer in the CMS: an operator previews a village shop
with new colours or another theme, then publishes; nothing changes for
shoppers before that, a preview token only works on its own shop, and only
people who may change a shop's settings reach its customizer."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
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
