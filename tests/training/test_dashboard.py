"""The instructor's cohort page: the trainees' checklists as a table sorted
on the server, the same as CSV, the progress chart as SVG; only for the
cohort's own instructors."""

import csv
import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from sharing.models import Channel, Share
from tests import factories
from tests.training.test_progress import busy_cohort, enrol, instructor, make_cohort
from training import charts, progress

ProductImage = get_model("catalogue", "ProductImage")
ProductClass = get_model("catalogue", "ProductClass")
Product = get_model("catalogue", "Product")

SVG = "{http://www.w3.org/2000/svg}"


class Class:
    """Dewi's class of three: Ani shared on day 2 and has a product with a
    photo, Butet shared on day 1, Cici did nothing yet."""

    def __init__(self, ibun):
        ProductClass.objects.get_or_create(name="Makanan")
        self.teacher = instructor("Dewi")
        self.cohort = make_cohort(ibun, self.teacher, name="Kelas Digital Ibun Maret")
        self.ani = enrol(self.cohort, "Ani", phone="+6281211110001")
        self.butet = enrol(self.cohort, "Butet", phone="+6281211110002")
        self.cici = enrol(self.cohort, "Cici", phone="+6281211110003")
        start = timezone.make_aware(
            datetime.datetime.combine(self.cohort.starts_on, datetime.time(9))
        )
        for enrolment, day in ((self.ani, 1), (self.butet, 0)):
            share = Share.objects.create(
                producer=enrolment.producer, channel=Channel.WHATSAPP, sharer=enrolment.producer
            )
            Share.objects.filter(pk=share.pk).update(
                created_at=start + datetime.timedelta(days=day)
            )
        product = factories.ProductFactory(producer=self.ani.practice_producer)
        ProductImage.objects.create(product=product, original="products/ani.jpg")
        self.share_day = {
            "Ani": self.cohort.starts_on + datetime.timedelta(days=1),
            "Butet": self.cohort.starts_on,
        }

    def url(self, name="cohort-detail", cohort=None):
        return reverse(f"training:{name}", kwargs={"pk": (cohort or self.cohort).pk})


@pytest.fixture
def world(ibun):
    return Class(ibun)


@pytest.fixture
def teacher_client(client, world):
    client.defaults["HTTP_HOST"] = "ibun.localhost"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.teacher)
    return client


def names_in(response):
    return [row.name for row in response.context["rows"]]


# --- the page -----------------------------------------------------------------


@pytest.mark.django_db
def test_page_shows_the_cohort_and_each_trainees_steps(teacher_client, world):
    response = teacher_client.get(world.url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kelas Digital Ibun Maret" in html and "PKBM An-Nur" in html
    assert "Dewi" in html  # the instructor
    assert names_in(response) == ["Ani", "Butet", "Cici"]
    assert "081211110002" in html  # Butet's phone, as Indonesians write it
    rows = {row.name: row for row in response.context["rows"]}
    assert rows["Ani"].reached["photo_product"] is not None
    assert rows["Cici"].done == 0
    for name, day in world.share_day.items():
        assert timezone.localdate(rows[name].reached["share"]) == day
    assert response.context["reached_counts"][progress.STEP_KEYS.index("share")] == 2
    # The chart is an image of its own; the CSV a link; the other pages linked.
    assert f'<img class="chart" src="{world.url("cohort-chart")}"' in html
    assert world.url("cohort-csv") in html
    for name in ("enrol", "login-codes", "simulate-order", "cohort-edit"):
        assert f'href="{world.url(name)}"' in html, name
    assert "no-store" in response["Cache-Control"]  # names and phone numbers


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Ani", "Butet", "Cici"]),
        ("?sort=name&dir=desc", ["Cici", "Butet", "Ani"]),
        # Earliest first; not reached last going up, first going down.
        ("?sort=share", ["Butet", "Ani", "Cici"]),
        ("?sort=share&dir=desc", ["Cici", "Ani", "Butet"]),
        ("?sort=photo_product&dir=asc", ["Ani", "Butet", "Cici"]),
        ("?sort=phone&dir=desc", ["Cici", "Butet", "Ani"]),
        # Bad values fall back to name, never an error.
        ("?sort=__class__&dir=sideways", ["Ani", "Butet", "Cici"]),
        ("?sort=%00", ["Ani", "Butet", "Cici"]),
    ],
)
def test_sorting_by_any_column(teacher_client, world, query, expected):
    response = teacher_client.get(world.url() + query)
    assert response.status_code == 200
    assert names_in(response) == expected


@pytest.mark.django_db
def test_column_links_sort_and_turn_round(teacher_client, world):
    html = teacher_client.get(world.url() + "?sort=share").content.decode()
    assert 'href="?sort=share&amp;dir=desc"' in html  # the sorted column turns round
    assert 'href="?sort=name&amp;dir=asc"' in html
    assert 'aria-sort="ascending"' in html
    for key in progress.STEP_KEYS:
        if key != "share":
            assert f'href="?sort={key}&amp;dir=asc"' in html, key


@pytest.mark.django_db
def test_a_cohort_without_trainees_says_so(teacher_client, world):
    empty = make_cohort(world.cohort.site, world.teacher, name="Kelas Kosong")
    response = teacher_client.get(world.url(cohort=empty))
    assert response.status_code == 200
    assert "No trainees in this cohort yet." in response.content.decode()


@pytest.mark.django_db
def test_page_queries_do_not_grow_with_the_cohort(client, ibun, django_assert_max_num_queries):
    ProductClass.objects.get_or_create(name="Makanan")
    teacher = instructor()
    client.defaults["HTTP_HOST"] = "ibun.localhost"
    client.force_login(teacher)
    counts = []
    for size in (3, 20):
        cohort = busy_cohort(ibun, teacher, size)
        url = reverse("training:cohort-detail", kwargs={"pk": cohort.pk})
        client.get(url)  # warm the session
        with django_assert_max_num_queries(20), CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert len(response.context["rows"]) == size
        counts.append(len(captured))
    assert counts[0] == counts[1]


# --- CSV ----------------------------------------------------------------------


@pytest.mark.django_db
def test_csv_has_the_same_columns_with_iso_dates(teacher_client, world):
    response = teacher_client.get(world.url("cohort-csv") + "?sort=share")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="kemajuan-kelas-digital-ibun-maret.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header == [
        "Name",
        "Phone",
        *(str(step.label) for step in progress.STEPS),
        "Last active",
    ]
    assert [row[0] for row in body] == ["Butet", "Ani", "Cici"]  # sorted like the page
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    assert by_name["Ani"]["Phone"] == "081211110001"
    assert by_name["Ani"]["First share"] == world.share_day["Ani"].isoformat()
    assert by_name["Butet"]["First share"] == world.share_day["Butet"].isoformat()
    assert datetime.date.fromisoformat(by_name["Ani"]["First product with a photo"])
    assert by_name["Cici"]["First share"] == "" and by_name["Cici"]["5 products"] == ""
    assert by_name["Ani"]["Last active"] == timezone.localdate().isoformat()


@pytest.mark.django_db
def test_csv_filename_of_a_cohort_named_in_other_letters(teacher_client, world):
    world.cohort.name = "Kelas “Ibu-ibu” 2025"
    world.cohort.save()
    response = teacher_client.get(world.url("cohort-csv"))
    assert (
        response["Content-Disposition"] == 'attachment; filename="kemajuan-kelas-ibu-ibu-2025.csv"'
    )


# --- the chart ----------------------------------------------------------------


@pytest.mark.django_db
def test_chart_is_light_svg_with_one_line_per_step(teacher_client, world):
    response = teacher_client.get(world.url("cohort-chart"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert len(response.content) < 12_000

    svg = ET.fromstring(response.content)
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    assert "Kelas Digital Ibun Maret" in svg.find(f"{SVG}title").text
    assert svg.find(f"{SVG}desc").text
    paths = svg.findall(f"{SVG}path")
    assert len(paths) == len(progress.STEPS)
    texts = [text.text for text in svg.iter(f"{SVG}text")]
    assert "Trainees" in texts and "Day" in texts  # the axes say what they count
    for step in progress.STEPS:
        assert any(text and text.startswith(str(step.label)) for text in texts), step.key


def path_points(path):
    return [
        tuple(float(number) for number in point.split())
        for point in path.get("d").lstrip("M").split(" L")
    ]


@pytest.mark.django_db
def test_chart_lines_climb_with_the_trainees_who_reached_each_step(world):
    days, series = progress.cumulative_by_day(
        world.cohort, today=world.cohort.starts_on + datetime.timedelta(days=3)
    )
    assert series["share"] == [1, 2, 2, 2]
    steps = [(step.key, str(step.label)) for step in progress.STEPS]
    svg = ET.fromstring(charts.progress_svg("Kelas", days, series, steps, total=3))
    share = svg.findall(f"{SVG}path")[progress.STEP_KEYS.index("share")]
    ys = [y for _x, y in path_points(share)]
    assert len(ys) == 4
    assert ys[0] > ys[1] == ys[2] == ys[3]  # up (smaller y) on day 2, then flat
    sale = svg.findall(f"{SVG}path")[progress.STEP_KEYS.index("real_sale")]
    assert len({y for _x, y in path_points(sale)}) == 1  # nobody: flat at zero


def test_chart_of_a_single_day_and_escaped_names():
    day = datetime.date(2025, 3, 1)
    steps = [(step.key, str(step.label)) for step in progress.STEPS]
    svg = charts.progress_svg("Kelas <Ibu> & Anak", [day], {"share": [2]}, steps, total=2)
    tree = ET.fromstring(svg)
    assert tree.find(f"{SVG}title").text == "Kelas <Ibu> & Anak"
    assert len(tree.findall(f"{SVG}path")) == len(steps)


# --- who may see it -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["cohort-detail", "cohort-csv", "cohort-chart"])
def test_another_instructor_gets_404(client, world, name):
    client.defaults["HTTP_HOST"] = "ibun.localhost"
    client.force_login(instructor("Rina"))
    assert client.get(world.url(name)).status_code == 404
    # A trainee, or a cohort that does not exist: the same 404.
    client.force_login(world.ani.trainee)
    assert client.get(world.url(name)).status_code == 404
    client.force_login(world.teacher)
    assert client.get(reverse(f"training:{name}", kwargs={"pk": 987654})).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["cohort-detail", "cohort-csv", "cohort-chart"])
def test_anonymous_is_sent_to_sign_in(client, world, name):
    client.defaults["HTTP_HOST"] = "ibun.localhost"
    response = client.get(world.url(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login") + "?next=")


@pytest.mark.django_db
def test_operators_see_every_cohort(client, world):
    client.defaults["HTTP_HOST"] = "ibun.localhost"
    client.force_login(factories.UserFactory(is_staff=True))
    assert client.get(world.url()).status_code == 200


@pytest.mark.django_db
def test_csv_writes_a_formula_looking_name_as_text(teacher_client, world):
    user = world.cici.trainee
    user.first_name = '=HYPERLINK("http://contoh.test","Cici")'
    user.save()
    response = teacher_client.get(world.url("cohort-csv"))  # "=" sorts first
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0] == "'" + user.first_name
