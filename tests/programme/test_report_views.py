"""The report pages: who gets in, who sees phone numbers, bad filters, and
a fixed number of queries whatever the number of producers."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from tests import factories
from tests.programme import world
from tests.programme.test_reports import Places, producer, sell

pytestmark = pytest.mark.django_db

Account = get_model("partner", "Account")

PHONE = "+6281211112222"
WHATSAPP = "0813 9999 8888"
PHONE_DIGITS = ("81211112222", "1211112222", "9999 8888", "99998888")
SVG = "{http://www.w3.org/2000/svg}"
# A chart is inline in the page: light enough for a slow phone connection
# (the same limit as the training chart, tests/training/test_dashboard.py).
CHART_BYTES = 12_000

CLUSTERS = reverse("programme:report-clusters")
TRANSITIONS = reverse("programme:report-transitions")
LIST = reverse("programme:report-transition-list")
SALES = reverse("programme:report-sales")
PERIOD = "from=2025-01-01&to=2025-12-31"
PAGES = [
    f"{CLUSTERS}?date=2025-12-31",
    f"{CLUSTERS}?date=2025-12-31&level=district&unit=group",
    f"{TRANSITIONS}?{PERIOD}",
    f"{LIST}?{PERIOD}&pair=IR1-IR2",
    f"{LIST}?{PERIOD}&pair=-IR1",
    f"{SALES}?{PERIOD}",
]


class Scene:
    """Ani (Lampegan) moved IR1 -> IR2 in 2025 and has a phone and a
    WhatsApp number; Budi (Cipedes) was first assessed in 2025; both sold."""

    def __init__(self):
        self.places = Places()
        self.ani = producer("Bu Ani", self.places.lampegan, whatsapp=WHATSAPP)
        self.ani_user = factories.UserFactory(username="ani")
        Account.objects.create(user=self.ani_user, phone=PHONE)
        self.ani.users.add(self.ani_user)
        self.budi = producer("Bu Budi", self.places.cipedes)
        world.assess(self.ani, "2024-10-01", 3)
        world.assess(self.ani, "2025-09-01", 10)
        world.assess(self.budi, "2025-04-01", 2)
        sell([(self.ani, 2, 30000)], "2025-03-05 10:00")
        sell([(self.budi, 1, 40000)], "2025-05-05 10:00", "delivery-outside_district")


@pytest.fixture
def scene():
    return Scene()


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_a_programme_partner_reads_every_report_without_phone_numbers(client, scene):
    partner = world.make_partner_user()
    for url in PAGES:
        response = get(client, partner, url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for digits in PHONE_DIGITS:
            assert digits not in body, (url, digits)
    listed = get(client, partner, f"{LIST}?{PERIOD}&pair=IR1-IR2").content.decode()
    assert "Bu Ani" in listed and "Lampegan" in listed
    assert "tel:" not in listed
    clusters = get(client, partner, f"{CLUSTERS}?date=2025-12-31").content.decode()
    assert "Lampegan" in clusters and "Cipedes" in clusters and "<svg" in clusters


@pytest.mark.parametrize("who", ["contacts_partner", "operator"])
def test_contacts_readers_see_the_phone_numbers_in_the_list(client, scene, who):
    user = world.make_operator() if who == "operator" else world.make_partner_user(contacts=True)
    body = get(client, user, f"{LIST}?{PERIOD}&pair=IR1-IR2").content.decode()
    assert PHONE in body and WHATSAPP in body


def test_the_matrix_links_each_number_to_the_list_behind_it(client, scene):
    body = get(client, world.make_partner_user(), f"{TRANSITIONS}?{PERIOD}").content.decode()
    assert "pair=IR1-IR2" in body and "pair=-IR1" in body
    assert "from=2025-01-01" in body


def test_default_dates_are_a_year_up_to_today(client, scene):
    response = get(client, world.make_partner_user(), TRANSITIONS)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.cleaned_data["to"] == timezone.localdate()
    assert (form.cleaned_data["to"] - form.cleaned_data["from"]).days in (365, 366)
    sales = get(client, world.make_partner_user("mitra2"), SALES).context["form"].cleaned_data
    assert sales["from"].day == 1 and len(response.context["report"].bands) == 3


@pytest.mark.parametrize("url", PAGES)
def test_producers_and_facilitators_get_a_404_and_visitors_sign_in(client, scene, url):
    assert get(client, scene.ani_user, url).status_code == 404
    facilitator = world.make_facilitator(village=scene.places.lampegan)
    assert get(client, facilitator, url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


@pytest.mark.parametrize(
    "url",
    [
        f"{CLUSTERS}?date=2026-13-45",
        f"{CLUSTERS}?date=0001-01-01",
        f"{CLUSTERS}?level=planet",
        f"{CLUSTERS}?unit=cats",
        f"{CLUSTERS}?village=abc",
        f"{CLUSTERS}?village=%C2%B2",  # "²"
        f"{CLUSTERS}?district=99999999999999999999999999",
        f"{CLUSTERS}?village=999999",
        f"{CLUSTERS}?date=2025-12-31&format=csv&regency=x",
        f"{TRANSITIONS}?from=2025-12-31&to=2025-01-01",
        f"{TRANSITIONS}?from=yesterday",
        f"{TRANSITIONS}?to=9999-12-31",
        f"{LIST}?{PERIOD}&pair=nonsense",
        f"{LIST}?{PERIOD}",
        f"{SALES}?from=2000-01-01&to=2025-12-31",
        f"{SALES}?from=2025-01-01&to=2024-01-01",
    ],
)
def test_bad_filters_are_a_message_on_the_page(client, scene, url):
    response = get(client, world.make_partner_user(), url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.context["report"] is None
    assert response.context["form"].errors
    assert 'role="alert"' in response.content.decode()


def test_a_village_outside_the_chosen_district_is_an_error(client, scene):
    places = scene.places
    url = f"{CLUSTERS}?district={places.paseh.pk}&village={places.lampegan.pk}"
    response = get(client, world.make_partner_user(), url)
    assert response.status_code == 200 and "village" in response.context["form"].errors
    good = f"{CLUSTERS}?date=2025-12-31&district={places.ibun.pk}&village={places.lampegan.pk}"
    report = get(client, world.make_partner_user("mitra2"), good).context["report"]
    assert [row.name for row in report.rows] == ["Lampegan"]


def grow(scene, count):
    """`count` more producers, each assessed twice and with a paid order."""
    for index in range(count):
        village = scene.places.laksana if index % 2 else scene.places.jayaraga
        extra = producer(f"Produsen {index}", village, whatsapp=f"08577{index:06d}")
        world.assess(extra, "2024-12-01", index % 7)
        world.assess(extra, "2025-06-01", 6 + index % 7)
        sell([(extra, 1, 10000 + index)], f"2025-0{1 + index % 9}-10 10:00")


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", PAGES)
def test_each_page_runs_the_same_few_queries_whatever_the_number_of_producers(
    client, scene, url, django_assert_max_num_queries
):
    client.force_login(world.make_partner_user(contacts=True))
    client.get(url)  # the first request also caches the site and its settings
    small = queries(client, url)
    grow(scene, 15)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
    assert queries(client, url) == small
    assert queries(client, url + "&format=xlsx") <= small


def chart_of(response):
    """The page's chart, parsed, and its bars: each bar (not a legend key)
    carries its number in a <title>."""
    assert response.status_code == 200
    chart = response.context["chart"]
    assert len(chart.encode()) < CHART_BYTES
    svg = ET.fromstring(chart)
    assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text and svg.find(f"{SVG}desc").text
    bars = [rect for rect in svg.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]
    return svg, bars


def number_in(bar):
    """The count a bar's title ends with ("Lampegan: IR2 Berkembang 3")."""
    return int(bar.find(f"{SVG}title").text.rsplit(" ", 1)[1].replace(".", ""))


def test_each_chart_is_light_svg_with_one_bar_per_number_of_the_report(client, scene):
    grow(scene, 15)
    client.force_login(world.make_partner_user())

    response = client.get(f"{CLUSTERS}?date=2025-12-31")
    report = response.context["report"]
    _svg, bars = chart_of(response)
    expected = [
        (row.name, band.code, row.counts[band.code])
        for row in report.rows
        for band in report.bands
        if row.counts[band.code]
    ]
    assert len(bars) == len(expected) > len(report.rows) == 4  # several bands in a row
    for bar, (name, code, count) in zip(bars, expected, strict=True):
        assert bar.find(f"{SVG}title").text.startswith(f"{name}: {code} ")
        assert number_in(bar) == count
    assert sum(number_in(bar) for bar in bars) == report.totals.assessed == 17

    response = client.get(f"{TRANSITIONS}?{PERIOD}")
    summary = response.context["report"].summary
    _svg, bars = chart_of(response)
    moved = [count for count in summary.values() if count]
    assert [number_in(bar) for bar in bars] == moved
    assert sum(moved) == 17 and summary["new"] == 1  # Budi; the others moved

    response = client.get(f"{SALES}?{PERIOD}")
    months = response.context["report"].months
    _svg, bars = chart_of(response)
    assert len(months) == 12 and len(bars) == 2 * len(months)  # sales, then orders
    sales, orders = bars[: len(months)], bars[len(months) :]
    assert [float(bar.get("height")) > 0 for bar in sales] == [m.sales > 0 for m in months]
    assert [float(bar.get("height")) > 0 for bar in orders] == [bool(m.orders) for m in months]
    assert [number_in(bar) for bar in orders] == [len(m.orders) for m in months]
    busiest = max(range(len(months)), key=lambda index: months[index].sales)
    assert max(sales, key=lambda bar: float(bar.get("height"))) is sales[busiest]
