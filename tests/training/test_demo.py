"""The training demo loads once, whatever the number of runs."""

from django.urls import reverse
from oscar.core.loading import get_model

from tests import factories
from tests.training.cohort_world import client_for
from training import demo
from training.access import can_create_cohorts
from training.models import Cohort, Enrolment, SimulatedOrder

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")


def test_the_demo_class_is_loaded_once(ibun):
    village = factories.VillageFactory(name="Lampegan")
    logins = demo.load(ibun, village, "latih-demo-123")
    again = demo.load(ibun, village, "another-password")

    assert logins[1:] == again[1:]
    assert logins[0][:2] == ("instruktur", "latih-demo-123")
    assert [login for login, _password, _who in logins[1:]] == [
        phone for _name, phone, _products in demo.TRAINEES
    ]
    cohort = Cohort.objects.get()
    assert (cohort.name, cohort.learning_centre, cohort.site) == (
        "Kelas Pemasaran Digital",
        "PKBM An-Nur",
        ibun,
    )
    instructor = cohort.instructors.get()
    assert instructor.get_full_name() == "Bu Nining Rahayu"
    assert instructor.check_password("latih-demo-123")  # the second run kept her password
    assert can_create_cohorts(instructor)
    assert Enrolment.objects.filter(cohort=cohort).count() == 3
    assert Product.objects.filter(producer__is_practice=True).count() == 5
    assert Product.objects.filter(producer__is_practice=False).count() == 0
    assert Partner.objects.filter(is_practice=True, village=village).count() == 3
    assert SimulatedOrder.objects.count() == 1

    response = client_for(instructor).get(
        reverse("training:simulate-order", kwargs={"pk": cohort.pk})
    )
    assert response.status_code == 200
