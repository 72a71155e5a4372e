"""The programme pages' access matrix.

Every URL of the ``programme`` namespace is in one of the sets below. For
each, the people who must not get in try with GET and POST: each is sent to
sign in or gets a 404 (a POST may also meet a 405), and no assessment is
made or changed. A programme URL missing from the matrix fails the first
test, so new pages cannot skip this.

* SUBJECT_ROUTES: one producer's or group's assessments: operators and the
  facilitator assigned to her village; not another village's facilitator,
  not the producer herself, not a programme partner.
* ASSESSOR_ROUTES: the list of whom one may assess: operators and
  facilitators.
* REPORT_ROUTES: operators and programme partners ("Mitra Program").
"""

import hashlib

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from oscar.core.loading import get_model

from programme.models import Answer, Assessment, Support
from tests import factories
from tests.programme import world as w

Partner = get_model("partner", "Partner")
ProducerGroup = get_model("partner", "ProducerGroup")

SUBJECT_ROUTES = {
    "producer-history",
    "producer-assess",
    "group-history",
    "group-assess",
    "assessment-detail",
}
ASSESSOR_ROUTES = {"assess-list"}
REPORT_ROUTES = {
    "report-clusters",
    "report-transitions",
    "report-transition-list",
    "report-sales",
}
MATRIX = SUBJECT_ROUTES | ASSESSOR_ROUTES | REPORT_ROUTES
HOST = "ibun.localhost"


def programme_routes():
    namespace = get_resolver().namespace_dict["programme"][1]
    return {name: value for name, value in namespace.reverse_dict.items() if isinstance(name, str)}


def route_params(name):
    possibilities = programme_routes()[name][0]
    return [param for _format, params in possibilities for param in params]


def test_every_programme_url_is_in_the_matrix():
    names = set(programme_routes())
    assert names == MATRIX, f"new: {names - MATRIX}, stale: {MATRIX - names}"


class World:
    """Producer A (with her own login) and group A in village A, assessed
    once each; facilitator A is assigned to village A, facilitator B to
    village B; a programme partner; a shopper; the operator."""

    def __init__(self):
        self.village_a = factories.VillageFactory(name="Desa A")
        self.village_b = factories.VillageFactory(name="Desa B")
        self.group = ProducerGroup.objects.create(name="Kelompok A", village=self.village_a)
        self.producer = factories.ProducerFactory(
            name="Produsen A", village=self.village_a, group=self.group
        )
        self.producer_user = factories.UserFactory(username="produsen-a")
        self.producer.users.add(self.producer_user)
        self.facilitator_a = w.make_facilitator("pendamping-a", village=self.village_a)
        self.facilitator_b = w.make_facilitator("pendamping-b", village=self.village_b)
        factories.ProducerFactory(name="Produsen B", village=self.village_b)
        self.assessment = w.assess(self.producer, "2026-01-15", 5, assessor=self.facilitator_a)
        w.assess(self.group, "2026-01-15", 8, assessor=self.facilitator_a)
        self.partner = w.make_partner_user("mitra")
        self.shopper = factories.UserFactory(username="pembeli")
        self.operator = w.make_operator()

    def url(self, name):
        values = {"pk": self.producer.pk}
        if name.startswith("group-"):
            values = {"pk": self.group.pk}
        if name == "assessment-detail":
            values = {"pk": self.assessment.pk}
        params = route_params(name)
        missing = [param for param in params if param not in values]
        assert not missing, f"teach the access matrix what {missing} means"
        return reverse(f"programme:{name}", kwargs={param: values[param] for param in params})

    def fingerprint(self):
        parts = [
            repr(list(Assessment.objects.values_list("pk", "score", "band_code", "notes"))),
            repr(list(Answer.objects.values_list("pk", "value"))),
            repr(list(Support.objects.values_list("pk"))),
            repr(list(Partner.objects.values_list("pk", "name", "nib", "business_permit"))),
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()

    def user(self, who):
        return getattr(self, who) if who != "anonymous" else None


def client_for(user):
    client = Client(HTTP_HOST=HOST)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def world(ibun):
    return World()


HOSTILE_POST = {"assessed_on": "2026-02-01", "notes": "diretas", "payment": "non_cash"}


def refused(response, method):
    if response.status_code == 404 or (method == "post" and response.status_code == 405):
        return True
    return response.status_code == 302 and "/jual/masuk/" in response["Location"]


def assert_refused(world, who, name):
    url = world.url(name)
    before = world.fingerprint()
    client = client_for(world.user(who))
    for method in ("get", "post"):
        response = getattr(client, method)(url, HOSTILE_POST)
        assert refused(response, method), f"{who} {method.upper()} {url}: {response.status_code}"
    assert world.fingerprint() == before, f"{who} changed something through {url}"


@pytest.mark.parametrize(
    "who", ["anonymous", "shopper", "producer_user", "facilitator_b", "partner"]
)
@pytest.mark.parametrize("name", sorted(SUBJECT_ROUTES))
def test_nobody_else_reaches_her_assessments(world, who, name):
    assert_refused(world, who, name)


@pytest.mark.parametrize("who", ["anonymous", "shopper", "producer_user", "partner"])
@pytest.mark.parametrize("name", sorted(ASSESSOR_ROUTES))
def test_only_assessors_reach_the_list(world, who, name):
    assert_refused(world, who, name)


@pytest.mark.parametrize(
    "who", ["anonymous", "shopper", "producer_user", "facilitator_a", "facilitator_b"]
)
@pytest.mark.parametrize("name", sorted(REPORT_ROUTES))
def test_only_operators_and_programme_partners_read_reports(world, who, name):
    assert_refused(world, who, name)


@pytest.mark.parametrize("who", ["facilitator_a", "operator"])
@pytest.mark.parametrize("name", sorted(SUBJECT_ROUTES | ASSESSOR_ROUTES))
def test_her_facilitator_and_the_operator_get_in(world, who, name):
    response = client_for(world.user(who)).get(world.url(name))
    assert response.status_code == 200, f"{who} GET {name}: {response.status_code}"


@pytest.mark.parametrize("who", ["partner", "operator"])
@pytest.mark.parametrize("name", sorted(REPORT_ROUTES))
def test_partners_and_the_operator_read_the_reports(world, who, name):
    response = client_for(world.user(who)).get(world.url(name))
    assert response.status_code == 200, f"{who} GET {name}: {response.status_code}"


def test_another_villages_facilitator_does_not_list_her(world):
    page = client_for(world.facilitator_b).get(world.url("assess-list")).content.decode()
    assert "Produsen B" in page and "Produsen A" not in page


def test_a_programme_partner_finds_the_reports_from_the_portal_home(world):
    page = client_for(world.partner).get(reverse("portal:home")).content.decode()
    assert reverse("programme:report-clusters") in page
    assert reverse("programme:assess-list") not in page
    page = client_for(world.facilitator_a).get(reverse("portal:home")).content.decode()
    assert reverse("programme:assess-list") in page
    assert reverse("programme:report-clusters") not in page
