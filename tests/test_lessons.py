"""Lessons: the seeded lesson pages and the portal links they end with."""

import re

import pytest
from django.test import Client
from django.urls import resolve, reverse
from django.utils.html import strip_tags
from oscar.core.loading import get_model

from lessons import content, demo
from lessons.models import LessonIndexPage, LessonPage
from lessons.portal_actions import ACTIONS
from storefront.models import ContentPage, PortalPage, VillageShopPage
from tests import factories

Partner = get_model("partner", "Partner")
ProducerGroup = get_model("partner", "ProducerGroup")
FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")


# Structured data (JSON-LD) is not JavaScript; any other script would be.
NO_JS = re.compile(r'<script(?! type="application/ld\+json">)')


@pytest.fixture
def index(portal):
    return demo.load(portal.root_page)


@pytest.fixture
def portal_client(portal):
    return Client(HTTP_HOST="localhost")


def client_for(user, host="ibun.localhost"):
    client = Client(HTTP_HOST=host)
    if user is not None:
        client.force_login(user)
    return client


def body_text(lesson):
    return strip_tags(str(lesson.body.render_as_block()))


# --- seed content --------------------------------------------------------------


@pytest.mark.django_db
def test_seed_creates_the_index_and_lessons_with_real_indonesian_text(index):
    assert index.title == "Belajar Jualan Online"
    lessons = list(index.lessons())
    assert len(lessons) >= 6
    for lesson in lessons:
        text = body_text(lesson)
        words = re.findall(r"\w+", text.lower())
        assert len(words) >= 150, f"{lesson.slug} is too short ({len(words)} words)"
        # Indonesian, addressed to her: common words of the language, not English.
        assert {"dan", "ibu", "yang"} <= set(words), lesson.slug
        assert "the" not in words, lesson.slug
        assert lesson.summary and lesson.live
        assert lesson.portal_action in ACTIONS, lesson.slug
    slugs = {lesson.slug for lesson in lessons}
    assert {
        "foto-produk-dengan-hp",
        "menulis-keterangan-produk",
        "menghitung-harga-jual",
        "membagikan-ke-whatsapp-facebook-instagram",
        "membalas-pembeli",
        "mengirim-pesanan",
    } <= slugs


@pytest.mark.django_db
def test_seed_lessons_teach_what_the_brief_asks(index):
    texts = {lesson.slug: body_text(lesson).lower() for lesson in index.lessons()}
    photo = texts["foto-produk-dengan-hp"]
    for words in ("jendela", "latar", "lensa", "zoom", "ukuran", "sisi"):
        assert words in photo
    description = texts["menulis-keterangan-produk"]
    for words in ("bahan", "ukuran", "tahan", "desa", "memesan"):
        assert words in description
    price = texts["menghitung-harga-jual"]
    for words in ("rp 10.250", "rp 15.000", "gas", "kemasan", "tenaga", "nilai tambah"):
        assert words in price
    sharing = texts["membagikan-ke-whatsapp-facebook-instagram"]
    for words in ("status", "grup", "facebook", "instagram", "tautan", "harga"):
        assert words in sharing
    assert "terima kasih" in texts["membalas-pembeli"]
    orders = texts["mengirim-pesanan"]
    for words in ("dikonfirmasi", "dikemas", "dikirim", "siap diambil", "diterima"):
        assert words in orders


@pytest.mark.django_db
def test_seed_is_idempotent_and_keeps_edited_lessons(portal, index):
    lesson = index.lessons().get(slug="membalas-pembeli")
    lesson.title = "Diubah operator"
    lesson.save_revision().publish()
    LessonPage.objects.get(slug="mengirim-pesanan").delete()

    again = demo.load(portal.root_page)

    assert again.pk == index.pk
    assert LessonIndexPage.objects.count() == 1
    assert again.lessons().count() == len(content.LESSONS)
    assert again.lessons().get(slug="membalas-pembeli").title == "Diubah operator"


# --- pages ---------------------------------------------------------------------


@pytest.mark.django_db
def test_index_and_lessons_render_for_anonymous_in_the_default_site(
    portal, index, portal_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        response = portal_client.get(index.relative_url(portal))
    assert response.status_code == 200
    html = response.content.decode()
    lessons = list(index.lessons())
    for lesson in lessons:
        assert lesson.title in html
        assert lesson.relative_url(portal) in html
    assert "desa/site.css" in html  # the shop's theme
    assert not NO_JS.search(html)

    for lesson in lessons:
        response = portal_client.get(lesson.relative_url(portal))
        assert response.status_code == 200, lesson.slug
        html = response.content.decode()
        assert f'href="/jual/ke/{lesson.portal_action}/"' in html
        assert index.title in html  # breadcrumb back to the index
        assert not NO_JS.search(html)
        assert "desa/site.css" in html


@pytest.mark.django_db
def test_a_lesson_links_to_the_next_one(portal, index, portal_client):
    first, second = list(index.lessons())[:2]
    html = portal_client.get(first.relative_url(portal)).content.decode()
    assert second.relative_url(portal) in html and second.title in html


@pytest.mark.django_db
def test_the_lesson_page_follows_the_shops_theme(ibun):
    from storefront.models import ShopSettings

    ShopSettings.objects.filter(site=ibun).update(theme="pasar")
    index = demo.load(ibun.root_page)
    lesson = index.lessons().first()
    response = Client(HTTP_HOST="ibun.localhost").get(lesson.relative_url(ibun))
    assert response.status_code == 200
    assert "pasar/pasar.css" in response.content.decode()


@pytest.mark.django_db
def test_unpublished_lessons_are_not_listed(portal, index, portal_client):
    lesson = index.lessons().first()
    path = lesson.relative_url(portal)
    lesson.unpublish()
    html = portal_client.get(index.relative_url(portal)).content.decode()
    assert lesson.title not in html
    assert portal_client.get(path).status_code == 404


# --- parent/child rules --------------------------------------------------------


@pytest.mark.django_db
def test_lessons_live_only_in_a_lesson_index(index, portal):
    home = portal.root_page.specific
    assert LessonPage.allowed_parent_page_models() == [LessonIndexPage]
    assert LessonIndexPage.allowed_subpage_models() == [LessonPage]
    assert LessonPage.allowed_subpage_models() == []
    # The index asks for the shop homes as parents (they must list it in
    # their subpage_types for the CMS to offer it there).
    assert set(LessonIndexPage.parent_page_types) == {
        PortalPage._meta.label,
        VillageShopPage._meta.label,
    }
    assert LessonPage.can_exist_under(index)
    assert not LessonPage.can_exist_under(home)
    assert not LessonIndexPage.can_exist_under(index)
    assert not ContentPage.can_exist_under(index)
    assert LessonIndexPage.max_count_per_parent == 1  # one index per shop home


# --- the portal links ----------------------------------------------------------


class Shops:
    def __init__(self, ibun):
        village = factories.VillageFactory(name="Lampegan")
        self.group = ProducerGroup.objects.create(name="Kelompok Mekar", village=village)
        self.other_group = ProducerGroup.objects.create(name="Kelompok Lain", village=village)
        self.entin = factories.ProducerFactory(site=ibun, name="Keripik Entin", group=self.group)
        self.entin_user = factories.UserFactory(username="entin")
        self.entin.users.add(self.entin_user)
        self.yati = factories.ProducerFactory(site=ibun, name="Rajut Yati", group=self.group)
        self.yati_user = factories.UserFactory(username="yati")
        self.yati.users.add(self.yati_user)
        self.stranger = factories.ProducerFactory(
            site=ibun, name="Batik Lain", group=self.other_group
        )
        # A trainee: her real shop and her practice shop.
        self.trainee = factories.UserFactory(username="siti")
        self.siti = factories.ProducerFactory(site=ibun, name="Kue Siti", group=self.group)
        self.siti.users.add(self.trainee)
        self.siti_practice = factories.ProducerFactory(
            site=ibun, name="Latihan Siti", is_practice=True, practice_of=self.siti
        )
        self.siti_practice.users.add(self.trainee)
        self.facilitator = factories.UserFactory(username="pendamping")
        FacilitatorAssignment.objects.create(facilitator=self.facilitator, group=self.group)


@pytest.fixture
def shops(ibun):
    return Shops(ibun)


def go_to(action):
    return reverse("portal:go-to", kwargs={"action": action})


@pytest.mark.django_db
def test_go_to_sends_anonymous_visitors_to_the_portal_login(shops):
    response = client_for(None).get(go_to("harga"))
    assert response.status_code == 302
    assert response["Location"] == "/jual/masuk/?next=/jual/ke/harga/"


@pytest.mark.django_db
@pytest.mark.parametrize("user", [None, "entin_user"])
def test_go_to_an_unknown_action_is_404(shops, user):
    client = client_for(getattr(shops, user) if user else None)
    assert client.get("/jual/ke/hapus-semua/").status_code == 404


@pytest.mark.django_db
def test_go_to_opens_the_action_in_her_own_shop(shops):
    response = client_for(shops.entin_user).get(go_to("harga"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:pricing", kwargs={"producer": shops.entin.code})


@pytest.mark.django_db
def test_go_to_opens_a_trainees_practice_shop_first(shops):
    response = client_for(shops.trainee).get(go_to("tambah-produk"))
    assert response["Location"] == reverse(
        "portal:product-add", kwargs={"producer": shops.siti_practice.code}
    )


@pytest.mark.django_db
def test_go_to_never_opens_another_producers_shop(shops):
    for action in ACTIONS:
        response = client_for(shops.yati_user).get(go_to(action))
        assert response.status_code == 302
        assert f"/jual/{shops.yati.code}/" in response["Location"]
        assert shops.entin.code not in response["Location"]


@pytest.mark.django_db
def test_a_facilitator_chooses_among_the_shops_she_helps(shops):
    response = client_for(shops.facilitator).get(go_to("pesanan"))
    assert response.status_code == 200
    html = response.content.decode()
    for shop in (shops.entin, shops.yati, shops.siti):
        assert reverse("portal:order-list", kwargs={"producer": shop.code}) in html
    assert shops.stranger.code not in html
    assert shops.siti_practice.code not in html  # not in her groups


@pytest.mark.django_db
def test_someone_without_a_shop_is_told_so(shops):
    shopper = factories.UserFactory(username="pembeli")
    response = client_for(shopper).get(go_to("harga"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/jual/" + shops.entin.code not in html
    assert 'class="card"' not in html


@pytest.mark.django_db
def test_every_seeded_lesson_link_opens_a_portal_page(index, shops):
    client = client_for(shops.entin_user)
    for lesson in index.lessons():
        assert resolve(lesson.portal_url()).url_name == "go-to"
        response = client.get(lesson.portal_url())
        assert response.status_code == 302, lesson.slug
        page = client.get(response["Location"])
        assert page.status_code == 200, (lesson.slug, response["Location"])


@pytest.mark.django_db
def test_every_action_names_a_portal_page_of_one_producer(shops):
    for action in ACTIONS.values():
        url = reverse(action.url_name, kwargs={"producer": shops.entin.code})
        assert resolve(url).namespace == "portal"


@pytest.mark.django_db
def test_no_producer_code_can_take_the_go_to_path(ibun):
    producer = factories.ProducerFactory(site=ibun, name="Ke")
    assert producer.code != "ke"


@pytest.mark.django_db
def test_the_portal_shop_home_links_the_lessons(portal, index, shops):
    shop_home = reverse("portal:shop", kwargs={"producer": shops.entin.code})
    # On the portal's own site, the index there; on a village shop without
    # lessons, the portal's index with its address.
    html = client_for(shops.entin_user, host="localhost").get(shop_home).content.decode()
    assert f'href="{index.relative_url(portal)}"' in html
    html = client_for(shops.entin_user).get(shop_home).content.decode()
    assert 'href="http://localhost/belajar/"' in html


@pytest.mark.django_db
def test_the_shop_home_prefers_the_lessons_of_its_own_site(ibun, index, shops):
    own = demo.load(ibun.root_page)
    shop_home = reverse("portal:shop", kwargs={"producer": shops.entin.code})
    html = client_for(shops.entin_user).get(shop_home).content.decode()
    assert f'href="{own.relative_url(ibun)}"' in html
