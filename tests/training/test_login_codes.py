"""First-login codes: printed once, they let a new trainee set her password
on the portal's reset page and sign in with her phone number."""

import re
from urllib.parse import unquote

import pytest
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext
from oscar.core.loading import get_model

from tests import factories
from tests.training.cohort_world import HOST, client_for, enrol, make_cohort, make_instructor

Account = get_model("partner", "Account")
ResetCode = get_model("partner", "ResetCode")
AuditEntry = get_model("partner", "AuditEntry")

CARD = re.compile(
    r'<li class="login-card">.*?<strong>(?P<name>[^<]+)</strong>.*?'
    r'class="code">(?P<code>\d{6})</p>',
    re.S,
)


@pytest.fixture
def instructor(db):
    return make_instructor(first_name="Nining", last_name="Rahayu")


@pytest.fixture
def cohort(ibun, instructor):
    return make_cohort(ibun, instructor)


@pytest.fixture
def trainees(cohort):
    return enrol(cohort, "Euis Komariah, 0812-3456-7890\nImas Sulastri, 0812-3456-7891")


def codes_url(cohort):
    return reverse("training:login-codes", kwargs={"pk": cohort.pk})


def cards(response):
    return {match["name"]: match["code"] for match in CARD.finditer(response.content.decode())}


def test_get_shows_the_choice_and_issues_nothing(cohort, trainees, instructor):
    response = client_for(instructor).get(codes_url(cohort))
    assert response.status_code == 200
    assert "Euis Komariah" in response.content.decode()
    assert ResetCode.objects.count() == 0


def test_the_sheet_has_a_card_per_trainee_who_never_signed_in(cohort, trainees, instructor):
    response = client_for(instructor).post(codes_url(cohort))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    found = cards(response)
    assert set(found) == {"Euis Komariah", "Imas Sulastri"}
    page = response.content.decode()
    assert f"http://{HOST}{reverse('portal:reset')}" in page
    assert "@media print" in page
    # Only hashes are kept.
    for item in trainees:
        stored = ResetCode.objects.get(user=item.trainee)
        code = found[item.trainee.first_name]
        assert stored.code_hash != code and check_password(code, stored.code_hash)
        assert stored.issued_by == instructor
    # A WhatsApp message per trainee, to her number, with her code in it.
    links = re.findall(r'href="(https://wa\.me/6281234567890\?text=[^"]+)"', page)
    assert len(links) == 1
    assert found["Euis Komariah"] in unquote(links[0])
    # She can see who gave a code for her account.
    entry = AuditEntry.objects.get(producer=trainees[0].producer)
    assert entry.actor == instructor


def test_the_code_sets_her_password_and_she_signs_in_with_her_phone(cohort, trainees, instructor):
    code = cards(client_for(instructor).post(codes_url(cohort)))["Euis Komariah"]
    trainee = Client(HTTP_HOST=HOST)
    response = trainee.post(
        reverse("portal:reset"),
        {
            "identifier": "0812 3456 7890",
            "code": code,
            "new_password1": "rengginang-enak-2025",
            "new_password2": "rengginang-enak-2025",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:login")
    response = trainee.post(
        reverse("portal:login"),
        {"username": "+62 812-3456-7890", "password": "rengginang-enak-2025"},
    )
    assert response.status_code == 302
    home = trainee.get(reverse("portal:home"))
    # She acts for her real shop and her practice shop.
    page = home.content.decode()
    assert trainees[0].producer.name in page and trainees[0].practice_producer.name in page
    # The code worked once.
    again = Client(HTTP_HOST=HOST).post(
        reverse("portal:reset"),
        {
            "identifier": "0812 3456 7890",
            "code": code,
            "new_password1": "lain-lagi-2025-x",
            "new_password2": "lain-lagi-2025-x",
        },
    )
    assert again.status_code == 200


def test_by_default_only_those_who_never_signed_in_get_a_code(cohort, trainees, instructor):
    euis = trainees[0].trainee
    client_for(euis)  # force_login records her sign-in
    euis.refresh_from_db()
    assert euis.last_login is not None
    found = cards(client_for(instructor).post(codes_url(cohort)))
    assert set(found) == {"Imas Sulastri"}


def test_a_ticked_trainee_gets_a_new_code_even_after_signing_in(cohort, trainees, instructor):
    client_for(trainees[0].trainee)
    response = client_for(instructor).post(codes_url(cohort), {"enrolment": [trainees[0].pk]})
    assert set(cards(response)) == {"Euis Komariah"}


def test_when_everyone_signed_in_nothing_is_issued_and_she_is_told(cohort, trainees, instructor):
    for item in trainees:
        client_for(item.trainee)
    response = client_for(instructor).post(codes_url(cohort), follow=True)
    told = gettext("Every trainee has signed in already. Tick the trainees who need a new code.")
    assert told in response.content.decode()
    assert ResetCode.objects.count() == 0


def test_a_trainee_of_another_class_cannot_be_ticked(cohort, trainees, instructor, ibun):
    other = make_cohort(ibun, make_instructor("instruktur-lain"), name="Kelas Lain")
    (stranger,) = enrol(other, "Yayah Rokayah, 0812-3456-7899")
    response = client_for(instructor).post(
        codes_url(cohort), {"enrolment": [stranger.pk]}, follow=True
    )
    assert cards(response) == {}
    assert not ResetCode.objects.filter(user=stranger.trainee).exists()


def test_no_code_for_an_account_that_became_an_instructor_or_staff(cohort, trainees, instructor):
    trainees[0].trainee.groups.add(Group.objects.get(name="Instruktur"))
    trainees[1].trainee.is_staff = True
    trainees[1].trainee.save()
    response = client_for(instructor).post(
        codes_url(cohort), {"enrolment": [item.pk for item in trainees]}, follow=True
    )
    assert cards(response) == {}
    assert ResetCode.objects.count() == 0


def test_no_code_once_she_chose_her_own_password(cohort, trainees, instructor):
    """A first-login code is for a first login only: an instructor who
    enrolled a producer by her phone never gets a way into an account whose
    owner set a password (forgotten passwords are her facilitator's)."""
    euis = trainees[0].trainee
    euis.set_password("pilihan-sendiri-123")
    euis.save()
    response = client_for(instructor).post(
        codes_url(cohort), {"enrolment": [item.pk for item in trainees]}
    )
    assert set(cards(response)) == {"Imas Sulastri"}
    assert not ResetCode.objects.filter(user=euis).exists()


def test_another_instructor_never_gets_a_code_for_someone_elses_trainee(
    cohort, trainees, instructor, other_shop
):
    """Instructor B types the phone of A's trainee, who has not signed in
    yet, into her own class: the account was not made by B's class, so B
    can hand out no code for it, and A's code for her keeps working."""
    a_code = cards(client_for(instructor).post(codes_url(cohort)))["Euis Komariah"]
    rival = make_instructor("instruktur-b")
    b_cohort = make_cohort(other_shop, rival, name="Kelas B")
    (taken,) = enrol(b_cohort, "Euis, 0812-3456-7890")
    assert taken.trainee == trainees[0].trainee and not taken.created_account

    response = client_for(rival).post(codes_url(b_cohort), {"enrolment": [taken.pk]})
    assert cards(response) == {}
    assert not ResetCode.objects.filter(user=taken.trainee, issued_by=rival).exists()
    # Nor can her own instructor now: she is in a class A does not teach.
    assert set(cards(client_for(instructor).post(codes_url(cohort)))) == {"Imas Sulastri"}
    assert check_password(a_code, ResetCode.objects.get(user=taken.trainee).code_hash)


def test_a_producer_found_by_her_phone_gets_no_code(cohort, instructor, ibun):
    user = factories.UserFactory(first_name="Euis")
    user.set_unusable_password()  # an account the operator made, not used yet
    user.save()
    Account.objects.create(user=user, phone="+6281234567890")
    factories.ProducerFactory(site=ibun).users.add(user)
    (item,) = enrol(cohort, "Bu Euis, 0812-3456-7890")
    response = client_for(instructor).post(codes_url(cohort), {"enrolment": [item.pk]})
    assert cards(response) == {}
    assert not ResetCode.objects.filter(user=user).exists()


@pytest.mark.parametrize("value", ["²", "①", "9" * 30, "-1", "x"])
def test_a_strange_trainee_id_is_no_one(cohort, trainees, instructor, value):
    client = client_for(instructor)
    response = client.post(codes_url(cohort), {"enrolment": [value]}, follow=True)
    assert response.status_code == 200
    simulate = reverse("training:simulate-order", kwargs={"pk": cohort.pk})
    assert client.post(simulate, {"enrolment": value}, follow=True).status_code == 200
    assert ResetCode.objects.count() == 0
