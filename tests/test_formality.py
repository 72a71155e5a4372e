"""The formality checklist: business papers as next steps, never a gate."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from PIL import Image

from tests import factories
from tests.shopping import add_to_basket, checkout_as_guest
from vendors import formality
from vendors.portal.forms_profile import ProfileForm
from vendors.strategy import Selector

AuditEntry = get_model("partner", "AuditEntry")
Category = get_model("catalogue", "Category")
FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")
Order = get_model("order", "Order")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProducerGroup = get_model("partner", "ProducerGroup")

PAPERS = ["business_started", "business_permit", "nib", "pirt_number", "halal_certificate"]


@pytest.fixture
def village():
    return factories.VillageFactory(name="Lampegan")


@pytest.fixture
def sari(ibun, village):
    """A food producer: she sells cassava crisps (product class "Makanan")."""
    producer = factories.ProducerFactory(site=ibun, name="Keripik Bu Sari", village=village)
    factories.ProductFactory(producer=producer, title="Keripik Pedas", stock=10)
    producer.users.add(factories.UserFactory(username="sari", first_name="Sari"))
    return producer


@pytest.fixture
def rina(ibun, village):
    """She crochets bags: no food licence applies to her."""
    producer = factories.ProducerFactory(site=ibun, name="Rajut Bu Rina", village=village)
    craft = factories.ProductClassFactory(name="Kerajinan")
    factories.ProductFactory(producer=producer, title="Tas Rajut", product_class=craft)
    producer.categories.add(Category.add_root(name="Kerajinan"))
    producer.users.add(factories.UserFactory(username="rina", first_name="Rina"))
    return producer


def client_for(user=None):
    client = Client(HTTP_HOST="ibun.localhost")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # compare English messages
    if user is not None:
        client.force_login(user)
    return client


def url(name, producer):
    return reverse(f"portal:{name}", kwargs={"producer": producer.code})


def profile_data(producer, **changes):
    """The whole profile form as she would post it, papers included."""
    data = {
        "story": "Keripik singkong dari Lampegan.",
        "village": producer.village_id,
        "whatsapp": "",
        "instagram": "",
        "facebook": "",
        "business_started": "",
        "business_permit": "",
        "nib": "",
        "pirt_number": "",
        "halal_certificate": "",
        "legal_form": "",
    }
    data.update(changes)
    return data


# --- the checklist ---------------------------------------------------------------


def test_a_food_producer_has_five_papers_to_get(sari, english):
    steps = formality.next_steps(sari)
    assert [step.key for step in steps] == PAPERS
    assert all(step.needed and not step.done for step in steps)
    hows = {step.key: str(step.how) for step in steps}
    assert "oss.go.id" in hows["nib"]
    assert "Dinas Kesehatan" in hows["pirt_number"]
    assert "BPJPH" in hows["halal_certificate"] and "self-declare" in hows["halal_certificate"]
    summary = formality.summary(steps)
    assert (summary.done, summary.total, summary.next.key) == (0, 5, "business_started")


def test_food_is_read_from_her_categories_too(rina, ibun):
    baker = factories.ProducerFactory(site=ibun, name="Kue Bu Lilis")
    assert not formality.makes_food(baker)  # no product, no category yet
    baker.categories.add(Category.add_root(name="Makanan & Camilan"))
    assert formality.makes_food(baker)
    assert not formality.makes_food(rina)


def test_food_papers_are_not_needed_for_crafts(rina, english):
    steps = {step.key: step for step in formality.next_steps(rina)}
    for key in ("pirt_number", "halal_certificate"):
        assert not steps[key].needed and not steps[key].done
        assert str(steps[key].how) == "Not needed for your products."
    summary = formality.summary(steps.values())
    assert (summary.done, summary.total) == (0, 3)


def test_done_states(sari, rina):
    sari.business_started = datetime.date(2015, 3, 1)
    sari.nib = "9120301234567"  # an NIB counts as her permit
    steps = {step.key: step.done for step in formality.next_steps(sari)}
    assert steps == {
        "business_started": True,
        "business_permit": True,
        "nib": True,
        "pirt_number": False,
        "halal_certificate": False,
    }
    summary = formality.summary(formality.next_steps(sari))
    assert (summary.done, summary.total, summary.next.key) == (3, 5, "pirt_number")

    rina.business_started = datetime.date(2020, 1, 1)
    rina.business_permit = "SKU Desa Lampegan 517/12"
    summary = formality.summary(formality.next_steps(rina))
    assert (summary.done, summary.total, summary.next.key) == (2, 3, "nib")
    rina.nib = "9120301234567"
    assert formality.summary(formality.next_steps(rina)).next is None


# --- the profile page ------------------------------------------------------------


def test_she_fills_in_her_papers_and_sees_them_done(sari):
    user = sari.users.get()
    client = client_for(user)
    page = client.get(url("profile", sari))
    html = page.content.decode()
    assert 'id="papers"' in html and 'type="date"' in html
    assert "Get an NIB for free at oss.go.id" in html
    assert page.context["papers_summary"].done == 0

    response = client.post(
        url("profile", sari),
        profile_data(
            sari,
            business_started="2015-03-01",
            business_permit="SKU Desa Lampegan No. 517/12",
            nib=" 9120.3012 3456-7 ",
            pirt_number="2063204010123-25",
            halal_certificate="id32110000123450324",
            legal_form="sole",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    sari.refresh_from_db()
    assert sari.business_started == datetime.date(2015, 3, 1)
    assert sari.nib == "9120301234567"  # digits only, however she typed it
    assert sari.pirt_number == "2063204010123-25"
    assert sari.halal_certificate == "ID32110000123450324"
    assert (sari.business_permit, sari.legal_form) == ("SKU Desa Lampegan No. 517/12", "sole")
    assert not AuditEntry.objects.exists()  # her own change

    page = client.get(url("profile", sari))
    assert all(step.done for step in page.context["papers"])
    home = client.get(url("shop", sari)).content.decode()
    assert "All your business papers are done." in home


def test_the_portal_home_says_how_many_papers_and_which_next(sari):
    Partner.objects.filter(pk=sari.pk).update(
        business_started=datetime.date(2019, 6, 1), business_permit="SKU Desa Lampegan"
    )
    response = client_for(sari.users.get()).get(url("shop", sari))
    html = response.content.decode()
    assert "2 of 5 business papers done — next: NIB business number" in html
    assert url("profile", sari) + "#papers" in html


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("nib", "12345", "An NIB has 13 digits, for example 9120301234567."),
        ("nib", "nomor saya", "An NIB has 13 digits, for example 9120301234567."),
        ("pirt_number", "2063-2040", "A P-IRT number has 15 digits, for example 2063204010123-25."),
        (
            "halal_certificate",
            "halal!",
            "Type the number on the halal certificate, for example ID32110000123450324.",
        ),
        ("business_started", "2999-01-01", "This date is in the future. Choose today or earlier."),
        ("business_started", "kemarin", "Enter a valid date."),
    ],
)
def test_a_bad_paper_number_is_explained_and_nothing_is_saved(sari, field, value, message):
    good = {"business_permit": "SKU Desa Lampegan", "nib": "9120301234567"}
    data = profile_data(sari, **{**good, field: value}, story="Cerita baru")
    response = client_for(sari.users.get()).post(url("profile", sari), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    sari.refresh_from_db()
    assert (sari.story, sari.business_permit, sari.nib, sari.business_started) == (
        "Membuat produk rumahan sejak 2015.",
        "",
        "",
        None,
    )


def test_her_facilitator_fills_in_the_papers_and_it_is_in_her_log(sari, village):
    group = ProducerGroup.objects.create(name="Kelompok Melati", village=village)
    Partner.objects.filter(pk=sari.pk).update(group=group)
    dewi = factories.UserFactory(username="dewi", first_name="Dewi")
    FacilitatorAssignment.objects.create(facilitator=dewi, group=group)
    sari.refresh_from_db()
    data = profile_data(sari, story=sari.story, group=group.pk, nib="9120301234567")
    response = client_for(dewi).post(url("profile", sari), data)
    assert response.status_code == 302, response.context["form"].errors
    sari.refresh_from_db()
    assert sari.nib == "9120301234567"
    entry = AuditEntry.objects.get(producer=sari)
    assert entry.actor == dewi
    # Named in her shop's language, like every profile change.
    with translation.override("id"):
        assert entry.params["fields"] == str(ProfileForm.Meta.labels["nib"])


def test_another_producers_papers_are_404(sari, rina):
    client = client_for(sari.users.get())
    assert client.get(url("profile", rina)).status_code == 404
    response = client.post(url("profile", rina), profile_data(rina, nib="9120301234567"))
    assert response.status_code == 404
    rina.refresh_from_db()
    assert rina.nib == ""


# --- never a gate ----------------------------------------------------------------


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 120, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile("keripik.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_a_producer_without_any_paper_adds_and_sells_a_food_product(
    sari, django_capture_on_commit_callbacks
):
    """No permit, no NIB, no P-IRT, no halal certificate: her new product is
    in the shop and a shopper orders it like any other."""
    food = Category.add_root(name="Makanan & Camilan")
    assert formality.summary(formality.next_steps(sari)).done == 0
    client = client_for(sari.users.get())
    response = client.post(url("product-add", sari), {"photos": [jpeg()]})
    assert response.status_code == 302
    product = Product.objects.filter(producer=sari).latest("pk")
    details = {"title": "Keripik Balado", "price": "Rp 15.000", "category": food.pk}
    response = client.post(
        reverse("portal:product-details", kwargs={"producer": sari.code, "pk": product.pk}),
        {**details, "description": "Pedas manis."},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("portal:product-stock", kwargs={"producer": sari.code, "pk": product.pk}),
        {"fulfilment": "stock", "num_in_stock": "8"},
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.is_public and product.product_class.name == "Makanan"
    assert Product.objects.browsable().filter(pk=product.pk).exists()
    assert Selector().strategy().fetch_for_product(product).availability.is_available_to_buy
    # Still no papers, and the checklist still only asks.
    sari.refresh_from_db()
    steps = formality.next_steps(sari)
    assert formality.makes_food(sari) and not any(step.done for step in steps)

    shopper = Client(HTTP_HOST="ibun.localhost")
    add_to_basket(shopper, product, quantity=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = checkout_as_guest(shopper, payment="cod", shipping="pickup")
    assert response.status_code == 302
    order = Order.objects.get()
    assert [(line.partner, line.product, line.quantity) for line in order.lines.all()] == [
        (sari, product, 2)
    ]
