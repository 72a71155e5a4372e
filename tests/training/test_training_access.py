"""The instructors' pages' access matrix: nobody reaches a cohort but its own
instructors and the shop operators.

Every URL of the ``training`` namespace is in COHORT_ROUTES (about one
cohort) or INSTRUCTOR_ROUTES (any instructor's own list and form). For each,
an anonymous visitor, a shopper, a producer and an instructor of another
cohort try cohort A with GET and POST; each is sent to sign in or gets a 404
(a POST may also meet a 405), and nothing of A changes. A training URL
missing from the matrix fails the first test, so new pages cannot skip this.
"""

import hashlib

import pytest
from django.urls import get_resolver, reverse
from oscar.core.loading import get_model

from tests import factories
from tests.training.cohort_world import (
    client_for,
    enrol,
    make_cohort,
    make_instructor,
    practice_product,
)
from training import simulation
from training.models import Cohort, Enrolment, SimulatedOrder

Partner = get_model("partner", "Partner")
Order = get_model("order", "Order")
ResetCode = get_model("partner", "ResetCode")
AuditEntry = get_model("partner", "AuditEntry")

# Pages about one cohort: only its instructors and operators.
COHORT_ROUTES = {
    "cohort-edit",
    "enrol",
    "login-codes",
    "simulate-order",
    # training.views.dashboard
    "cohort-detail",
    "cohort-csv",
    "cohort-chart",
}
# Any instructor's own cohorts: the list and the form for a new one.
INSTRUCTOR_ROUTES = {"cohort-list", "cohort-create"}
MATRIX = COHORT_ROUTES | INSTRUCTOR_ROUTES

HOSTILE_POST = {
    "name": "Diretas",
    "learning_centre": "Diretas",
    "starts_on": "2025-01-01",
    "ends_on": "2025-12-31",
    "trainees": "Penyusup, 0812 9999 0000",
    "enrolment": "all",
    "answer": "diretas",
}


def training_routes():
    """{url name: reverse possibilities} of every URL in the training namespace."""
    namespace = get_resolver().namespace_dict["training"][1]
    return {name: value for name, value in namespace.reverse_dict.items() if isinstance(name, str)}


def route_params(name):
    possibilities = training_routes()[name][0]
    return [param for _format, params in possibilities for param in params]


def test_every_training_url_is_in_the_matrix():
    names = set(training_routes())
    assert not names - MATRIX, f"add new training URLs to the access matrix: {names - MATRIX}"
    mine = MATRIX - {"cohort-detail", "cohort-csv", "cohort-chart"}
    assert mine <= names, f"stale entries in the access matrix: {mine - names}"


# The routes that exist now: another helper's pages join as they are installed.
PRESENT = sorted(MATRIX & set(training_routes()))


class World:
    """Cohort A of instructor A with a trainee, her practice product and a
    practice order; instructor B teaches cohort B only."""

    def __init__(self, ibun):
        self.instructor_a = make_instructor("instruktur-a")
        self.cohort = make_cohort(ibun, self.instructor_a, name="Kelas A")
        (self.enrolment,) = enrol(self.cohort, "Euis Komariah, 0812-3456-7890")
        practice_product(self.enrolment)
        simulation.simulate_one(self.enrolment, self.instructor_a)
        self.instructor_b = make_instructor("instruktur-b")
        self.cohort_b = make_cohort(ibun, self.instructor_b, name="Kelas B")
        self.shopper = factories.UserFactory(username="pembeli")
        self.producer = factories.UserFactory(username="produsen")
        factories.ProducerFactory(site=ibun, name="Produsen Lain").users.add(self.producer)
        self.operator = factories.UserFactory(username="operator", is_staff=True)

    def url(self, name):
        values = {"pk": self.cohort.pk}
        params = route_params(name)
        missing = [param for param in params if param not in values]
        assert not missing, f"teach the access matrix what {missing} means"
        return reverse(f"training:{name}", kwargs={param: values[param] for param in params})

    def fingerprint(self):
        """Everything of cohort A that an attack could change."""
        cohort = Cohort.objects.get(pk=self.cohort.pk)
        parts = [
            repr((cohort.name, cohort.learning_centre, cohort.site_id, cohort.village_id)),
            repr((cohort.starts_on, cohort.ends_on)),
            repr(sorted(cohort.instructors.values_list("pk", flat=True))),
            repr(list(Enrolment.objects.filter(cohort=cohort).values_list("pk", "trainee_id"))),
            repr(
                list(
                    SimulatedOrder.objects.filter(enrolment__cohort=cohort).values_list(
                        "pk", "answer"
                    )
                )
            ),
            repr(ResetCode.objects.filter(user=self.enrolment.trainee).count()),
            repr(AuditEntry.objects.filter(producer=self.enrolment.producer).count()),
            repr((Partner.objects.count(), Order.objects.count())),
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()


@pytest.fixture
def world(ibun):
    return World(ibun)


def refused(response, method):
    if response.status_code == 404 or (method == "post" and response.status_code == 405):
        return True
    return response.status_code == 302 and "/jual/masuk/" in response["Location"]


ACTORS = ["anonymous", "shopper", "producer", "instructor_b"]


def actor_user(world, actor):
    return {
        "anonymous": None,
        "shopper": world.shopper,
        "producer": world.producer,
        "instructor_b": world.instructor_b,
    }[actor]


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", sorted(set(PRESENT) & COHORT_ROUTES))
def test_nobody_else_reaches_the_cohort(world, actor, name):
    url = world.url(name)
    before = world.fingerprint()
    client = client_for(actor_user(world, actor))
    for method in ("get", "post"):
        response = getattr(client, method)(url, HOSTILE_POST)
        assert refused(response, method), f"{actor} {method.upper()} {url}: {response.status_code}"
    assert world.fingerprint() == before, f"{actor} changed cohort A through {url}"


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["anonymous", "shopper", "producer"])
@pytest.mark.parametrize("name", sorted(INSTRUCTOR_ROUTES))
def test_only_instructors_reach_the_list_and_the_form(world, actor, name):
    url = world.url(name)
    before = (world.fingerprint(), Cohort.objects.count())
    client = client_for(actor_user(world, actor))
    for method in ("get", "post"):
        response = getattr(client, method)(url, {**HOSTILE_POST, "site": world.cohort.site_id})
        assert refused(response, method), f"{actor} {method.upper()} {url}: {response.status_code}"
    assert (world.fingerprint(), Cohort.objects.count()) == before


@pytest.mark.django_db
def test_another_instructor_sees_only_her_own_cohorts(world):
    page = client_for(world.instructor_b).get(world.url("cohort-list")).content.decode()
    assert "Kelas B" in page and "Kelas A" not in page
    operators = client_for(world.operator).get(world.url("cohort-list")).content.decode()
    assert "Kelas A" in operators and "Kelas B" in operators


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["instructor_a", "operator"])
@pytest.mark.parametrize("name", PRESENT)
def test_her_instructor_and_the_operators_get_in(world, who, name):
    user = world.instructor_a if who == "instructor_a" else world.operator
    response = client_for(user).get(world.url(name))
    assert response.status_code == 200, f"{who} GET {name}: {response.status_code}"


@pytest.mark.django_db
def test_creating_a_class_makes_her_its_instructor(world, ibun):
    client = client_for(world.instructor_b)
    client.cookies["django_language"] = "en"
    data = {
        "name": "Kelas Foto Produk",
        "learning_centre": "PKBM An-Nur",
        "site": ibun.pk,
        "starts_on": "2025-05-10",
        "ends_on": "2025-05-01",
    }
    response = client.post(reverse("training:cohort-create"), data)
    assert response.status_code == 200
    assert "cannot end before it starts" in response.content.decode()
    assert not Cohort.objects.filter(name="Kelas Foto Produk").exists()
    # A slip of the year (0205 for 2025) would make a class of centuries.
    response = client.post(reverse("training:cohort-create"), {**data, "starts_on": "0205-05-10"})
    assert "a year at most" in response.content.decode()
    assert not Cohort.objects.filter(name="Kelas Foto Produk").exists()

    response = client.post(reverse("training:cohort-create"), {**data, "ends_on": "2025-06-01"})
    cohort = Cohort.objects.get(name="Kelas Foto Produk")
    assert response["Location"] == reverse("training:cohort-detail", kwargs={"pk": cohort.pk})
    assert list(cohort.instructors.all()) == [world.instructor_b]


@pytest.mark.django_db
def test_the_regional_portal_is_not_a_shop_to_train_in(world, portal):
    response = client_for(world.instructor_b).post(
        reverse("training:cohort-create"),
        {
            "name": "Kelas Portal",
            "learning_centre": "PKBM An-Nur",
            "site": portal.pk,
            "starts_on": "2025-05-01",
            "ends_on": "2025-06-01",
        },
    )
    assert response.status_code == 200 and "site" in response.context["form"].errors
    assert not Cohort.objects.filter(name="Kelas Portal").exists()


@pytest.mark.django_db
def test_the_list_runs_a_fixed_number_of_queries(world, ibun, django_assert_max_num_queries):
    for number in range(5):
        make_cohort(ibun, world.instructor_a, name=f"Kelas Tambahan {number}")
    client = client_for(world.instructor_a)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("training:cohort-list"))
    assert response.content.decode().count("Kelas Tambahan") == 5


def test_the_portal_home_leads_instructors_and_only_them_to_their_classes(world):
    classes = reverse("training:cohort-list")
    for user, sees in ((world.instructor_b, True), (world.operator, True), (world.producer, False)):
        page = client_for(user).get(reverse("portal:home"), follow=True).content.decode()
        assert (f'href="{classes}"' in page) is sees, user
