"""Enrolling a class: a pasted list or a CSV file, all or nothing, existing
producers found by phone, and a hidden practice shop for everyone."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model

from tests import factories
from tests.training.cohort_world import client_for, enrol, make_cohort, make_instructor
from training import enrolment
from training.models import Enrolment
from vendors import directory

User = get_user_model()
Account = get_model("partner", "Account")
Partner = get_model("partner", "Partner")


@pytest.fixture
def village(ibun):
    return factories.VillageFactory(
        name="Lampegan", district=factories.DistrictFactory(name="Ibun")
    )


@pytest.fixture
def instructor(db):
    return make_instructor()


@pytest.fixture
def cohort(ibun, instructor, village):
    return make_cohort(ibun, instructor, village=village)


def counts():
    return (
        User.objects.count(),
        Account.objects.count(),
        Partner.objects.count(),
        Enrolment.objects.count(),
    )


def upload(content, name="kelas.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


# --- reading -------------------------------------------------------------------


def test_a_pasted_list_is_read_line_by_line(db):
    rows = enrolment.read_text(
        "Euis Komariah, 0812-3456-7890\n\n  Imas Sulastri , +62 812 3456 7891, Sudi  \n"
    )
    assert [(row.line, row.name, row.phone, row.village_name) for row in rows] == [
        (1, "Euis Komariah", "0812-3456-7890", ""),
        (3, "Imas Sulastri", "+62 812 3456 7891", "Sudi"),
    ]


def test_a_csv_with_bom_semicolons_and_a_header_is_read_by_its_columns(db):
    content = "\ufeffNo HP;Nama;Desa\r\n081234567890;Euis Komariah;Lampegan\r\n".encode()
    rows = enrolment.read_upload(upload(content))
    assert [(row.line, row.name, row.phone, row.village_name) for row in rows] == [
        (2, "Euis Komariah", "081234567890", "Lampegan")
    ]


def test_a_csv_without_header_and_with_commas_is_read_too(db):
    rows = enrolment.read_upload(upload(b"Euis Komariah,081234567890\n"))
    assert [(row.name, row.phone) for row in rows] == [("Euis Komariah", "081234567890")]


def test_a_file_that_is_not_utf8_text_is_refused_clearly(db):
    with pytest.raises(enrolment.EnrolmentError) as error:
        enrolment.read_upload(upload("Euis Komariah;0812345678\n".encode("utf-16")))
    assert "UTF-8" in error.value.problems[0]


# --- enrolling -----------------------------------------------------------------


def test_new_trainees_get_an_account_a_real_shop_and_a_hidden_practice_shop(cohort, ibun, village):
    other_village = factories.VillageFactory(name="Sudi", district=village.district)
    first, second = enrol(
        cohort, "Euis Komariah, 0812-3456-7890\nImas Sulastri, 081234567891, sudi"
    )

    euis = first.trainee
    assert euis.first_name == "Euis Komariah"
    assert not euis.has_usable_password()
    assert euis.account.phone == "+6281234567890"
    assert first.producer.site == ibun and first.producer.village == village
    assert list(first.producer.users.all()) == [euis]
    assert not first.producer.is_practice
    practice = first.practice_producer
    assert practice.is_practice and practice.practice_of == first.producer
    assert practice.site == ibun and practice.village == village
    assert list(practice.users.all()) == [euis]
    assert "Euis Komariah" in practice.name and practice.name != first.producer.name
    # The village on her line wins over the class's.
    assert second.producer.village == other_village == second.practice_producer.village
    # Her practice shop never reaches the public directory; her real shop does.
    public = set(directory.public_producers())
    assert first.producer in public and practice not in public


def test_a_csv_upload_through_the_page_enrols_the_class(cohort, instructor):
    content = "\ufeffnama;telepon\nEuis Komariah;0812 3456 7890\nImas Sulastri;0812 3456 7891\n"
    response = client_for(instructor).post(
        reverse("training:enrol", kwargs={"pk": cohort.pk}),
        {"file": upload(content.encode())},
    )
    assert response.status_code == 302
    assert cohort.enrolments.count() == 2
    page = client_for(instructor).get(response["Location"]).content.decode()
    assert "Euis Komariah" in page and "Imas Sulastri" in page


def test_every_bad_line_is_listed_and_nothing_is_created(cohort, instructor, english):
    enrol(cohort, "Euis Komariah, 0812-3456-7890")
    before = counts()
    text = "\n".join(
        [
            "Imas Sulastri, 0812 3456 7891",  # 1: fine
            ", 0812 3456 7892",  # 2: no name
            "Yayah Rokayah, 12345",  # 3: not a phone number
            "Nia Kurniasih, +62 812 3456 7891",  # 4: the number of line 1
            "Lilis Suryani, 0812 3456 7893, Atlantis",  # 5: no such village
            "Euis Komariah, +6281234567890",  # 6: already in the class
        ]
    )
    with pytest.raises(enrolment.EnrolmentError) as error:
        enrol(cohort, text)
    problems = " | ".join(error.value.problems)
    for line in ("Line 2", "Line 3", "Line 4", "Line 5", "Line 6"):
        assert line in problems, problems
    assert "Line 1:" not in problems
    assert "line 1" in problems  # the duplicate says where the first one is
    assert counts() == before


def test_the_page_lists_the_problems_in_her_language_and_saves_nothing(cohort, instructor):
    client = client_for(instructor)
    client.cookies["django_language"] = "en"
    before = counts()
    response = client.post(
        reverse("training:enrol", kwargs={"pk": cohort.pk}),
        {"trainees": "Imas Sulastri, 0812 3456 7891\nYayah Rokayah, 12345"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was added" in page
    assert "Line 2: “12345” is not an Indonesian phone number." in page
    assert counts() == before


def test_an_empty_form_asks_for_the_list(cohort, instructor):
    response = client_for(instructor).post(
        reverse("training:enrol", kwargs={"pk": cohort.pk}), {"trainees": "  "}
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_an_existing_producer_is_enrolled_with_her_own_shop(cohort, ibun):
    user = factories.UserFactory(first_name="Euis")
    Account.objects.create(user=user, phone="+6281234567890")
    shop = factories.ProducerFactory(site=ibun, name="Rengginang Bu Euis")
    shop.users.add(user)
    before_shops = Partner.objects.filter(is_practice=False).count()

    (item,) = enrol(cohort, "Bu Euis, 0812-3456-7890")

    assert item.trainee == user and item.producer == shop
    assert user.has_usable_password()  # her password is left alone
    assert Partner.objects.filter(is_practice=False).count() == before_shops
    assert item.practice_producer.practice_of == shop
    assert item.practice_producer.name.startswith("Rengginang Bu Euis")


def test_enrolling_an_existing_producer_twice_says_so(cohort, ibun, english):
    user = factories.UserFactory()
    Account.objects.create(user=user, phone="+6281234567890")
    factories.ProducerFactory(site=ibun).users.add(user)
    enrol(cohort, "Bu Euis, 0812-3456-7890")
    before = counts()
    with pytest.raises(enrolment.EnrolmentError) as error:
        enrol(cohort, "Bu Euis, +62 812 3456 7890")
    assert error.value.problems == ["Line 1: Bu Euis (+62 812 3456 7890) is already in this class."]
    assert counts() == before


def test_she_may_join_another_class_with_a_new_practice_shop(cohort, ibun, instructor):
    (first,) = enrol(cohort, "Euis Komariah, 0812-3456-7890")
    other = make_cohort(ibun, instructor, name="Kelas Foto Produk")
    (second,) = enrol(other, "Euis Komariah, 0812-3456-7890")
    assert second.trainee == first.trainee and second.producer == first.producer
    assert second.practice_producer != first.practice_producer


def test_a_staff_or_instructor_phone_cannot_become_a_trainee(cohort):
    operator = factories.UserFactory(is_staff=True)
    Account.objects.create(user=operator, phone="+6281234567890")
    colleague = make_instructor("instruktur-2")
    Account.objects.create(user=colleague, phone="+6281234567891")
    before = counts()
    with pytest.raises(enrolment.EnrolmentError) as error:
        enrol(cohort, "Operator, 081234567890\nRekan, 081234567891")
    assert len(error.value.problems) == 2
    assert counts() == before


def test_the_trainee_list_runs_a_fixed_number_of_queries(
    cohort, instructor, django_assert_max_num_queries
):
    enrol(cohort, "\n".join(f"Peserta {n}, 0812 3456 78{n:02d}" for n in range(12)))
    client = client_for(instructor)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("training:enrol", kwargs={"pk": cohort.pk}))
    assert response.content.decode().count("Peserta ") >= 12
