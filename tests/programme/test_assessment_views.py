"""The facilitators' assessment pages: the list, the form pre-filled from
platform data, saving through programme.assessments, stale rubric
versions, who reaches whom, and bounded queries."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from programme import assessments, rubrics
from programme.models import Answer, Assessment, Institution, Support
from tests import factories
from tests.programme import world as w

ProducerGroup = get_model("partner", "ProducerGroup")

pytestmark = pytest.mark.django_db

HOST = "ibun.localhost"


class Scene:
    """Bu Sari (village A, with an NIB, in business for 3 years, in a
    paguyuban) and Bu Budi (village B); facilitator A for village A,
    facilitator B for village B."""

    def __init__(self):
        self.village_a = factories.VillageFactory(name="Desa A")
        self.village_b = factories.VillageFactory(name="Desa B")
        self.group = ProducerGroup.objects.create(
            name="Paguyuban Mawar", kind="paguyuban", village=self.village_a
        )
        today = timezone.localdate()
        self.sari = factories.ProducerFactory(
            name="Bu Sari",
            village=self.village_a,
            group=self.group,
            nib="9120301234567",
            business_started=today - datetime.timedelta(days=3 * 366),
        )
        self.budi = factories.ProducerFactory(name="Bu Budi", village=self.village_b)
        self.group_b = ProducerGroup.objects.create(name="Kelompok B", village=self.village_b)
        self.facilitator_a = w.make_facilitator("pendamping-a", village=self.village_a)
        self.facilitator_b = w.make_facilitator("pendamping-b", village=self.village_b)
        self.version = w.version()

    def client(self, user):
        client = Client(HTTP_HOST=HOST)
        client.force_login(user)
        return client


@pytest.fixture
def scene(ibun):
    return Scene()


def assess_url(producer):
    return reverse("programme:producer-assess", kwargs={"pk": producer.pk})


def history_url(producer):
    return reverse("programme:producer-history", kwargs={"pk": producer.pk})


def checked(html, name, value):
    """Whether the radio `name`=`value` is selected on the page."""
    for tag in re.findall(r"<input [^>]*>", html):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return " checked" in tag
    raise AssertionError(f"no radio {name}={value}")


def lowest_answers(definition):
    return w.answers_scoring(definition, 0)


def post_data(version, **answers):
    data = {
        "version": version.pk,
        "assessed_on": timezone.localdate().isoformat(),
        "notes": "Kunjungan rumah",
        **lowest_answers(version.definition),
    }
    data.update(answers)
    return {key: value for key, value in data.items() if value is not None}


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# --- the form -----------------------------------------------------------------


def test_the_form_shows_pre_filled_answers_marked_as_such(scene):
    response = scene.client(scene.facilitator_a).get(assess_url(scene.sari))
    assert response.status_code == 200
    html = response.content.decode()
    assert checked(html, "business_permit", "yes")
    assert not checked(html, "business_permit", "no")
    assert checked(html, "business_age", "over_2")
    assert checked(html, "institutional_form", "association")
    assert checked(html, "institutional_support", "none")
    # No suggestion without data: no answer chosen for her.
    assert not any(checked(html, "payment", value) for value in ("cash", "non_cash"))
    assert not any(checked(html, "place", value) for value in ("own", "rented", "shared"))
    form = response.context["form"]
    shown = set(form.suggestions)
    assert shown == {
        "business_permit",
        "business_age",
        "institutional_form",
        "institutional_support",
        "supporting_institutions",
    }
    assert html.count('class="prefilled"') == len(shown)
    for suggestion in form.suggestions.values():
        assert suggestion.evidence in html
    assert f'name="version" value="{scene.version.pk}"' in html
    assert f'value="{timezone.localdate().isoformat()}"' in html


def test_an_institution_linked_to_her_in_the_cms_is_suggested_on_her_form(scene):
    bank = Institution.objects.create(name="BRI Unit Ibun", kind=Institution.Kind.BANK)
    operator = factories.UserFactory(is_staff=True, is_superuser=True)
    since = timezone.localdate() - datetime.timedelta(days=30)
    response = scene.client(operator).post(
        f"/cms/snippets/programme/institution/edit/{bank.pk}/",
        {
            "name": "BRI Unit Ibun",
            "kind": "bank",
            "website": "",
            "notes": "",
            "supports-TOTAL_FORMS": "1",
            "supports-INITIAL_FORMS": "0",
            "supports-MIN_NUM_FORMS": "0",
            "supports-MAX_NUM_FORMS": "1000",
            "supports-0-producer": scene.sari.pk,
            "supports-0-since": since.isoformat(),
            "supports-0-note": "Kredit usaha rakyat",
            "supports-0-id": "",
            "supports-0-DELETE": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    support = Support.objects.get(institution=bank)
    assert (support.producer, support.since, support.note) == (
        scene.sari,
        since,
        "Kredit usaha rakyat",
    )

    html = scene.client(scene.facilitator_a).get(assess_url(scene.sari)).content.decode()
    assert checked(html, "supporting_institutions", "bank")
    assert not checked(html, "supporting_institutions", "none")
    assert checked(html, "institutional_support", "little")  # one institution
    assert "Didukung oleh: Bank." in html
    # Bu Budi, whom nobody linked, is still suggested "none".
    other = scene.client(scene.facilitator_b).get(assess_url(scene.budi)).content.decode()
    assert checked(other, "supporting_institutions", "none")


def test_posting_saves_answers_with_what_was_suggested(scene):
    client = scene.client(scene.facilitator_a)
    data = post_data(
        scene.version,
        business_permit="yes",
        business_age="over_2",
        institutional_form="association",
        institutional_support="none",
        place="own",
    )
    response = client.post(assess_url(scene.sari), data)
    assert response.status_code == 302
    assert response["Location"] == history_url(scene.sari)
    assessment = Assessment.objects.get(producer=scene.sari)
    assert (assessment.score, assessment.band_code, assessment.band_label) == (4, "IR1", "Pemula")
    assert assessment.assessor == scene.facilitator_a
    assert assessment.version == scene.version
    assert assessment.notes == "Kunjungan rumah"
    answers = {answer.indicator: answer for answer in assessment.answers.all()}
    assert len(answers) == 18
    permit = answers["business_permit"]
    assert (permit.value, permit.suggested, permit.points, permit.prefilled) == (
        "yes",
        "yes",
        1,
        True,
    )
    assert permit.evidence
    assert answers["institutional_support"].prefilled  # "none" was suggested and kept
    assert answers["place"].suggested == "" and not answers["place"].prefilled
    page = client.get(response["Location"])
    text = " ".join(messages_of(page))
    assert "4" in text and "IR1" in text and "Pemula" in text


def test_changing_a_pre_filled_answer_records_it_was_not_kept(scene):
    client = scene.client(scene.facilitator_a)
    client.post(assess_url(scene.sari), post_data(scene.version, business_permit="no"))
    answer = Answer.objects.get(assessment__producer=scene.sari, indicator="business_permit")
    assert (answer.value, answer.suggested, answer.prefilled) == ("no", "yes", False)


def test_a_missing_answer_is_shown_next_to_it_and_nothing_is_saved(scene):
    response = scene.client(scene.facilitator_a).post(
        assess_url(scene.sari), post_data(scene.version, place=None, business_permit="no")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["place"]
    assert set(form.errors) == {"place"}
    assert messages_of(response)
    assert not Assessment.objects.exists() and not Answer.objects.exists()
    html = response.content.decode()
    assert checked(html, "business_permit", "no")  # what she chose stays chosen


def test_a_future_date_is_refused(scene):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = scene.client(scene.facilitator_a).post(
        assess_url(scene.sari), post_data(scene.version, assessed_on=tomorrow.isoformat())
    )
    assert response.status_code == 200
    assert response.context["form"].errors["assessed_on"]
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("bad", ["kemarin", "2025-02-30", ""])
def test_a_date_that_cannot_be_read_is_refused(scene, bad):
    response = scene.client(scene.facilitator_a).post(
        assess_url(scene.sari), post_data(scene.version, assessed_on=bad)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["assessed_on"]
    assert not Assessment.objects.exists()


def test_an_answer_that_is_not_an_option_is_refused(scene):
    response = scene.client(scene.facilitator_a).post(
        assess_url(scene.sari), post_data(scene.version, payment="emas")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["payment"]
    assert not Assessment.objects.exists()


def back(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def test_a_backdated_assessment_shows_and_records_the_suggestions_of_that_date(scene):
    """Bu Sari's business was under a year old 2 years and 2 months ago."""
    when = back(800)
    client = scene.client(scene.facilitator_a)
    page = client.get(assess_url(scene.sari), {"on": when.isoformat()})
    assert page.status_code == 200
    html = page.content.decode()
    assert checked(html, "business_age", "under_1")
    assert not checked(html, "business_age", "over_2")
    shown = page.context["form"].suggestions["business_age"]
    assert shown.value == "under_1" and shown.evidence in html
    assert page.context["on_date"] == when
    assert f'name="assessed_on" value="{when.isoformat()}"' in html
    assert f'name="suggested_on" value="{when.isoformat()}"' in html
    data = post_data(scene.version, assessed_on=when.isoformat(), suggested_on=when.isoformat())
    data["business_age"] = "under_1"  # she kept what the page suggested
    response = client.post(assess_url(scene.sari) + f"?on={when.isoformat()}", data)
    assert response.status_code == 302
    answer = Answer.objects.get(indicator="business_age")
    assert answer.assessment.assessed_on == when
    assert (answer.value, answer.suggested, answer.prefilled) == ("under_1", "under_1", True)
    assert answer.evidence == shown.evidence


def test_a_date_other_than_the_suggestions_day_saves_nothing_and_shows_its_own(scene):
    """The page suggested today's answers; she typed a date 800 days back
    into the form: the answers she left as suggested give way to that
    day's, those she chose herself stay, and nothing is saved yet."""
    when = back(800)
    client = scene.client(scene.facilitator_a)
    data = post_data(
        scene.version,
        assessed_on=when.isoformat(),
        suggested_on=timezone.localdate().isoformat(),
        business_age="over_2",  # today's suggestion, left as it was
        business_permit="no",  # her own answer (the data says yes)
        place="own",
    )
    response = client.post(assess_url(scene.sari), data)
    assert response.status_code == 200
    assert not Assessment.objects.exists() and not Answer.objects.exists()
    assert messages_of(response)
    assert response.context["on_date"] == when
    html = response.content.decode()
    assert checked(html, "business_age", "under_1")  # the suggestion of that day
    assert checked(html, "business_permit", "no")
    assert checked(html, "place", "own")
    assert response.context["form"].suggestions["business_age"].evidence in html
    assert f'name="suggested_on" value="{when.isoformat()}"' in html
    assert f'name="assessed_on" value="{when.isoformat()}"' in html
    # Saved as shown the second time.
    data.update(suggested_on=when.isoformat(), business_age="under_1")
    assert client.post(assess_url(scene.sari), data).status_code == 302
    answer = Answer.objects.get(indicator="business_age")
    assert (answer.assessment.assessed_on, answer.prefilled) == (when, True)


def test_a_form_without_the_suggestions_day_is_taken_as_made_today(scene):
    data = post_data(scene.version, assessed_on=back(800).isoformat())
    response = scene.client(scene.facilitator_a).post(assess_url(scene.sari), data)
    assert response.status_code == 200
    assert not Assessment.objects.exists()
    assert response.context["on_date"] == back(800)


@pytest.mark.parametrize(
    "bad", ["0001-01-01", "0002-06-01", "9999-12-31", "1900-01-01", "1999-12-31", "bukan"]
)
def test_a_far_off_or_garbage_date_is_refused_with_the_marks_kept(scene, bad):
    client = scene.client(scene.facilitator_a)
    for suggested_on in ("", bad):
        data = post_data(
            scene.version, assessed_on=bad, suggested_on=suggested_on, business_permit="no"
        )
        response = client.post(assess_url(scene.sari), data)
        assert response.status_code == 200
        form = response.context["form"]
        assert form.errors["assessed_on"]
        assert messages_of(response)
        html = response.content.decode()
        assert form.errors["assessed_on"][0] in html
        assert checked(html, "business_permit", "no")
        assert html.count('class="prefilled"') == len(form.suggestions) == 5
        for suggestion in form.suggestions.values():
            assert suggestion.evidence in html
    assert not Assessment.objects.exists() and not Answer.objects.exists()


@pytest.mark.parametrize("bad", ["0001-01-01", "9999-12-31", "1900-01-01", "bukan"])
def test_a_far_off_or_garbage_day_for_the_suggestions_shows_today(scene, bad):
    client = scene.client(scene.facilitator_a)
    page = client.get(assess_url(scene.sari), {"on": bad})
    assert page.status_code == 200
    assert page.context["day_form"].errors["on"]
    assert page.context["on_date"] == timezone.localdate()
    assert checked(page.content.decode(), "business_age", "over_2")
    # A page that sends one back with today's date saves nothing either.
    response = client.post(assess_url(scene.sari), post_data(scene.version, suggested_on=bad))
    assert response.status_code == 200
    assert not Assessment.objects.exists()


def test_record_refuses_a_date_before_2000(scene):
    answers = lowest_answers(scene.version.definition)
    with pytest.raises(assessments.AssessmentError) as refused:
        assessments.record(scene.version, scene.sari, datetime.date(1999, 12, 31), answers)
    assert set(refused.value.errors) == {"assessed_on"}
    assert not Assessment.objects.exists()
    first = assessments.record(scene.version, scene.sari, datetime.date(2000, 1, 1), answers)
    assert first.assessed_on == datetime.date(2000, 1, 1)


def test_an_invalid_post_still_marks_the_suggestions_of_its_day(scene):
    when = back(800)
    data = post_data(
        scene.version, assessed_on=when.isoformat(), suggested_on=when.isoformat(), place=None
    )
    response = scene.client(scene.facilitator_a).post(assess_url(scene.sari), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["place"] and not Assessment.objects.exists()
    assert form.suggestions["business_age"].value == "under_1"
    html = response.content.decode()
    assert html.count('class="prefilled"') == len(form.suggestions)
    assert form.suggestions["business_age"].evidence in html
    assert f'name="suggested_on" value="{when.isoformat()}"' in html


def edit_points(rubric):
    """The operator gives "Tunai" (cash) one point: a new version."""
    raw = rubric.variables.raw_data
    for variable in raw:
        for indicator in variable["value"]["indicators"]:
            if indicator["value"]["key"] == "payment":
                for option in indicator["value"]["options"]:
                    if option["value"]["value"] == "cash":
                        option["value"]["points"] = 1
    rubric.variables = raw
    rubric.save()
    return rubrics.latest_version(rubric)


def test_a_rubric_edited_while_the_form_was_open_saves_nothing(scene):
    client = scene.client(scene.facilitator_a)
    client.get(assess_url(scene.sari))
    new = edit_points(w.rubric())
    assert new.pk != scene.version.pk
    response = client.post(
        assess_url(scene.sari), post_data(scene.version, business_permit="no", place="own")
    )
    assert response.status_code == 200
    assert not Assessment.objects.exists()
    assert messages_of(response)
    assert response.context["version"] == new
    html = response.content.decode()
    assert f'name="version" value="{new.pk}"' in html
    assert checked(html, "place", "own")  # her answers are kept for the new version
    assert checked(html, "business_permit", "no")
    data = post_data(new, business_permit="no", place="own")
    assert client.post(assess_url(scene.sari), data).status_code == 302
    assert Assessment.objects.get().score == 2  # place 1 + cash 1 in the new version


def test_a_missing_version_saves_nothing(scene):
    data = post_data(scene.version)
    del data["version"]
    response = scene.client(scene.facilitator_a).post(assess_url(scene.sari), data)
    assert response.status_code == 200
    assert not Assessment.objects.exists()


def test_a_group_is_assessed_with_its_own_suggestions(scene):
    client = scene.client(scene.facilitator_a)
    url = reverse("programme:group-assess", kwargs={"pk": scene.group.pk})
    html = client.get(url).content.decode()
    assert checked(html, "institutional_form", "association")
    assert checked(html, "business_permit", "yes")  # 1 of 1 member has one
    response = client.post(url, post_data(scene.version, institutional_form="association"))
    assert response.status_code == 302
    assessment = Assessment.objects.get(group=scene.group)
    assert assessment.producer is None and assessment.score == 1
    assert response["Location"] == reverse("programme:group-history", kwargs={"pk": scene.group.pk})


# --- who reaches whom ---------------------------------------------------------


@pytest.mark.parametrize("who", ["facilitator_b", "partner", "producer"])
def test_nobody_else_opens_or_posts_her_form(scene, who):
    user = {
        "facilitator_b": scene.facilitator_b,
        "partner": w.make_partner_user(),
        "producer": factories.UserFactory(username="sari"),
    }[who]
    if who == "producer":
        scene.sari.users.add(user)
    client = scene.client(user)
    urls = [
        assess_url(scene.sari),
        history_url(scene.sari),
        reverse("programme:group-assess", kwargs={"pk": scene.group.pk}),
        reverse("programme:group-history", kwargs={"pk": scene.group.pk}),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, post_data(scene.version)).status_code == 404, url
    assert not Assessment.objects.exists()


def test_facilitator_a_cannot_reach_village_b(scene):
    client = scene.client(scene.facilitator_a)
    assert client.get(assess_url(scene.budi)).status_code == 404
    assert client.post(assess_url(scene.budi), post_data(scene.version)).status_code == 404
    group_b = reverse("programme:group-assess", kwargs={"pk": scene.group_b.pk})
    assert client.post(group_b, post_data(scene.version)).status_code == 404
    assert not Assessment.objects.exists()
    theirs = w.assess(scene.budi, timezone.localdate(), 5, assessor=scene.facilitator_b)
    detail = reverse("programme:assessment-detail", kwargs={"pk": theirs.pk})
    assert client.get(detail).status_code == 404
    assert scene.client(scene.facilitator_b).get(detail).status_code == 200


def test_a_practice_shop_is_not_assessed(scene):
    practice = factories.ProducerFactory(village=scene.village_a, is_practice=True)
    client = scene.client(scene.facilitator_a)
    assert client.get(assess_url(practice)).status_code == 404
    assert client.post(assess_url(practice), post_data(scene.version)).status_code == 404


# --- the list, history and detail pages ---------------------------------------


def test_the_list_shows_whom_she_may_assess_with_the_latest_cluster(
    scene, django_assert_max_num_queries
):
    w.assess(scene.sari, "2024-05-01", 3)
    w.assess(scene.sari, "2025-05-01", 9)
    for number in range(40):
        factories.ProducerFactory(name=f"Produsen {number:02}", village=scene.village_a)
    client = scene.client(scene.facilitator_a)
    url = reverse("programme:assess-list")
    with django_assert_max_num_queries(8):
        response = client.get(url, {"q": "sari"})
    rows = response.context["rows"]
    assert [(row["name"], row["band_code"]) for row in rows] == [("Bu Sari", "IR2")]
    assert rows[0]["assessed_on"] == datetime.date(2025, 5, 1)
    html = response.content.decode()
    assert history_url(scene.sari) in html and "Bu Budi" not in html
    with django_assert_max_num_queries(8):
        first = client.get(url)
    names = [row["name"] for row in first.context["rows"]]
    assert len(names) == 30 and first.context["is_paginated"]
    assert "Paguyuban Mawar" in names and "Kelompok B" not in names
    second = client.get(url, {"page": 2})
    assert len(second.context["rows"]) == 12  # 41 producers and 1 group
    assert list(client.get(url, {"q": "tidak ada"}).context["rows"]) == []


def test_the_operator_lists_everybody_real(scene):
    factories.ProducerFactory(name="Toko Latihan", is_practice=True)
    page = scene.client(w.make_operator()).get(reverse("programme:assess-list"))
    names = {row["name"] for row in page.context["rows"]}
    assert {"Bu Sari", "Bu Budi", "Paguyuban Mawar", "Kelompok B"} <= names
    assert "Toko Latihan" not in names


def test_history_shows_each_assessment_and_band_changes(scene, django_assert_max_num_queries):
    institution = Institution.objects.create(name="Dinas PPPA", kind="government")
    Support.objects.create(institution=institution, producer=scene.sari, note="Pelatihan")
    for day, score in (("2023-05-01", 3), ("2024-05-01", 9), ("2025-05-01", 8)):
        w.assess(scene.sari, day, score, assessor=scene.facilitator_a)
    w.assess(scene.sari, "2025-06-01", 2)
    client = scene.client(scene.facilitator_a)
    with django_assert_max_num_queries(10):
        response = client.get(history_url(scene.sari))
    assert response.status_code == 200
    rows = response.context["assessments"]
    assert [(a.band_code, a.change) for a in rows] == [
        ("IR1", ("IR2", "down")),
        ("IR2", ("IR2", "same")),
        ("IR2", ("IR1", "up")),
        ("IR1", None),
    ]
    html = response.content.decode()
    assert "Dinas PPPA" in html and "Pelatihan" in html
    assert "9120301234567" in html  # her NIB, from the checklist
    assert "pendamping-a" in html
    assert f"v{scene.version.number}" in html
    for assessment in rows:
        assert reverse("programme:assessment-detail", kwargs={"pk": assessment.pk}) in html


def test_group_history(scene, django_assert_max_num_queries):
    w.assess(scene.group, "2025-05-01", 7)
    factories.ProducerFactory(name="Latihan Sari", group=scene.group, is_practice=True)
    url = reverse("programme:group-history", kwargs={"pk": scene.group.pk})
    client = scene.client(scene.facilitator_a)
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert [a.band_code for a in response.context["assessments"]] == ["IR2"]
    assert list(response.context["members"]) == [scene.sari]


def test_detail_shows_answers_and_whether_they_were_pre_filled(
    scene, django_assert_max_num_queries
):
    client = scene.client(scene.facilitator_a)
    client.post(
        assess_url(scene.sari),
        post_data(scene.version, business_permit="no", business_age="over_2"),
    )
    assessment = Assessment.objects.get()
    url = reverse("programme:assessment-detail", kwargs={"pk": assessment.pk})
    with django_assert_max_num_queries(8):
        response = client.get(url)
    rows = {row["label"]: row for _label, rows in response.context["variables"] for row in rows}
    assert len(rows) == 18
    assert rows["Izin usaha"]["answer"] == "Belum ada"
    assert rows["Izin usaha"]["suggested"] == "Ada" and not rows["Izin usaha"]["prefilled"]
    assert rows["Umur usaha"]["prefilled"] and rows["Umur usaha"]["points"] == 1
    assert rows["Tempat usaha"]["suggested"] == ""
    html = response.content.decode()
    assert "Belum ada" in html and "Lebih dari 2 tahun" in html
    assert rows["Umur usaha"]["evidence"] in html


def test_the_portal_home_links_assessors_to_the_list(scene):
    url = reverse("programme:assess-list")
    assert url in scene.client(scene.facilitator_a).get(reverse("portal:home")).content.decode()
    shopper = factories.UserFactory()
    assert url not in scene.client(shopper).get(reverse("portal:home")).content.decode()
