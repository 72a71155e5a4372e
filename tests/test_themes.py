"""Themes: each village shop renders with its own theme, switched with no
restart; a child theme falls back to its parent; manifests are checked."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from storefront.models import ShopSettings
from tests import factories
from themes import active, checks, registry


def page(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def shops(ibun, other_shop):
    return Client(HTTP_HOST="ibun.localhost"), Client(HTTP_HOST="pangalengan.localhost")


def use_theme(site, key, **options):
    ShopSettings.objects.filter(site=site).update(theme=key, theme_options=options)


def test_the_installed_themes_are_valid():
    call_command("themes", "--check")


def test_every_theme_is_listed(capsys):
    call_command("themes")
    listed = capsys.readouterr().out
    for key in registry.installed():
        assert key in listed
    assert "desa-senja" in listed and "extends desa" in listed


@pytest.mark.django_db
def test_switching_a_shop_s_theme_shows_on_its_next_request_only(shops, ibun):
    ibun_shop, other = shops
    assert "desa/site.css" in page(ibun_shop)
    assert "desa-senja/senja.css" not in page(ibun_shop)

    use_theme(ibun, "desa-senja")

    assert "desa-senja/senja.css" in page(ibun_shop)
    assert 'class="site-header senja"' in page(ibun_shop)
    assert "desa-senja/senja.css" not in page(other), "the other village keeps its theme"
    assert 'class="site-header"' in page(other)


@pytest.mark.django_db
def test_a_child_theme_falls_back_to_its_parent(shops, ibun):
    ibun_shop, _other = shops
    producer = factories.ProducerFactory(site=ibun)
    factories.ProductFactory(producer=producer, title="Kue Semprong")
    use_theme(ibun, "desa-senja")
    html = page(ibun_shop)
    # The parent's stylesheet comes first, the child's after it.
    assert html.index("desa/site.css") < html.index("desa-senja/senja.css")
    # The child only has a header: the product list is the parent's.
    catalogue = page(ibun_shop, "/catalogue/")
    assert 'class="site-header senja"' in catalogue
    assert 'class="card product-card"' in catalogue and "Kue Semprong" in catalogue
    # Its colours replace the parent's defaults.
    assert "--brand:#8c2f1b" in html


@pytest.mark.django_db
def test_options_become_css_custom_properties(shops, ibun):
    ibun_shop, _other = shops
    use_theme(ibun, "desa", primary_color="#123456", font="poppins", footer_text="Buka setiap hari")
    html = page(ibun_shop)
    assert "--brand:#123456" in html
    assert "--brand-dark:#0e2740" in html
    assert "poppins-latin-400-normal.woff2" in html
    assert "Buka setiap hari" in html


@pytest.mark.django_db
def test_bad_stored_options_fall_back_to_the_defaults(shops, ibun):
    ibun_shop, _other = shops
    use_theme(ibun, "desa", primary_color="red;}</style><script>", font="comic-sans")
    html = page(ibun_shop)
    assert "<script>" not in html.split("</head>")[0]
    assert "--brand:#1f6b3a" in html
    assert "woff2" not in html, "the system font downloads nothing"


@pytest.mark.django_db
def test_a_theme_that_is_not_installed_falls_back_to_the_default(shops, ibun):
    ibun_shop, _other = shops
    use_theme(ibun, "tidak-ada")
    assert "desa/site.css" in page(ibun_shop)


def test_outside_a_request_the_default_theme_is_active():
    assert active.current().theme.key == registry.DEFAULT_THEME


def write_theme(tmp_path, key, manifest):
    folder = tmp_path / key
    folder.mkdir()
    (folder / registry.MANIFEST).write_text(json.dumps(manifest))
    return folder


GOOD = {
    "name": "Uji",
    "version": "1.0",
    "description": "Tema uji",
    "author": "Pasar Desa",
    "options": [{"key": "c", "type": "color", "default": "#000000", "css_var": "--c"}],
}


@pytest.mark.parametrize(
    "manifest, says",
    [
        ({**GOOD, "name": ""}, "lacks name"),
        ({**GOOD, "options": [{"key": "x", "type": "sound"}]}, "type"),
        ({**GOOD, "options": [{"key": "x", "type": "color", "default": "red"}]}, "#2f6b3a"),
        ({**GOOD, "options": [{"key": "x", "type": "font", "default": "comic"}]}, "fonts"),
        (
            {
                **GOOD,
                "options": [{"key": "x", "type": "color", "default": "#000000", "css_var": "x"}],
            },
            "css_var",
        ),
    ],
)
def test_a_wrong_manifest_says_what_is_wrong(tmp_path, manifest, says):
    folder = write_theme(tmp_path, "uji", manifest)
    with pytest.raises(registry.ManifestError) as error:
        registry.read_manifest(folder)
    assert says in str(error.value)


def test_a_manifest_that_is_not_json_is_refused(tmp_path):
    folder = tmp_path / "rusak"
    folder.mkdir()
    (folder / registry.MANIFEST).write_text("{ bukan json")
    with pytest.raises(registry.ManifestError, match="not valid JSON"):
        registry.read_manifest(folder)


def test_the_check_names_a_broken_template_and_a_missing_parent(tmp_path, monkeypatch):
    """A theme folder next to a copy of the real desa theme."""
    (tmp_path / "desa").symlink_to(registry.THEMES_DIR / "desa")
    broken = write_theme(tmp_path, "rusak", {**GOOD, "parent": "desa"})
    (broken / "templates").mkdir()
    (broken / "templates" / "base.html").write_text("{% if %}")
    write_theme(tmp_path, "yatim", {**GOOD, "parent": "tidak-ada"})
    monkeypatch.setattr(registry, "THEMES_DIR", tmp_path)
    registry.installed.cache_clear()
    try:
        assert any("base.html" in problem for problem in checks.problems("rusak"))
        assert any("tidak-ada" in problem for problem in checks.problems("yatim"))
        with pytest.raises(CommandError):
            call_command("themes", "--check", "rusak")
    finally:
        registry.installed.cache_clear()


def test_darker_shades():
    assert registry.darker("#ffffff") == "#bfbfbf"
    assert registry.darker("#000000") == "#000000"
