"""The programme demo: a year of assessments that shows movement, loaded once."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from oscar.core.loading import get_model

from programme import access, demo, reports, rubrics
from programme.models import Answer, Assessment, Institution, Support
from tests import factories
from tests.programme.world import make_operator, version
from vendors import formality

Partner = get_model("partner", "Partner")
ProducerGroup = get_model("partner", "ProducerGroup")

COUNTED = (Assessment, Answer, Institution, Support)


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def days_ago(date):
    return (timezone.localdate() - date).days


@pytest.mark.django_db
def test_the_demo_shows_a_year_of_movement_and_loads_once():
    """One test: seed_demo takes seconds, so it runs once for every check."""
    call_command("seed_demo", stdout=io.StringIO())
    first = counts()
    operator = get_user_model().objects.get(username="operator")
    assert demo.load(Partner.objects.get(name="Keripik Ceu Enok").site, operator) == 0
    assert counts() == first, "a second run must add nothing"

    ibun = Partner.objects.get(name="Keripik Ceu Enok").site
    assert ibun.hostname == "ibun.localhost"
    real = list(Partner.objects.filter(site=ibun, is_practice=False))
    assert len(real) >= 8
    check_every_real_producer_has_a_year_of_assessments(real)
    check_the_clusters_move(real)
    check_practice_shops_are_not_assessed(ibun)
    check_the_group_assessment()
    check_assessors()
    check_institutions_and_papers(ibun)
    check_the_partner_login()


def check_every_real_producer_has_a_year_of_assessments(real):
    for producer in real:
        dates = sorted(
            Assessment.objects.filter(producer=producer).values_list("assessed_on", flat=True)
        )
        assert len(dates) == 4, producer.name
        assert 366 <= days_ago(dates[0]) <= 400, producer.name
        assert 30 <= days_ago(dates[-1]) <= 60, producer.name
        gaps = [(later - earlier).days for earlier, later in zip(dates, dates[1:], strict=False)]
        assert all(80 <= gap <= 120 for gap in gaps), (producer.name, gaps)
        # Every indicator of the rubric is answered, every time.
        indicators = len(list(rubrics.indicators(version().definition)))
        for assessment in Assessment.objects.filter(producer=producer):
            assert assessment.answers.count() == indicators


def bands_of(producer):
    return list(
        Assessment.objects.filter(producer=producer)
        .order_by("assessed_on")
        .values_list("band_code", flat=True)
    )


def transitions(real):
    """(from band, to band) between consecutive assessments of each producer."""
    found = []
    for producer in real:
        bands = bands_of(producer)
        found += [(a, b) for a, b in zip(bands, bands[1:], strict=False) if a != b]
    return found


def check_the_clusters_move(real):
    starts = [bands_of(producer)[0] for producer in real]
    assert starts.count("IR1") > len(real) / 2, "most start as IR1"
    moves = transitions(real)
    assert moves.count(("IR1", "IR2")) >= 3
    assert 1 <= moves.count(("IR2", "IR3")) <= 2
    assert moves.count(("IR2", "IR1")) == 1, "one producer moves down"
    # The report's default period (the last twelve months) shows the moves.
    today = timezone.localdate()
    year_ago = today - datetime.timedelta(days=365)
    report = reports.transitions(year_ago, today, reports.PRODUCERS)
    assert report.counts[("IR1", "IR2")] >= 3
    assert report.summary["up"] >= 4 and report.summary["down"] == 1
    moved = Partner.objects.get(name="Rajut Teh Ani")
    history = list(Assessment.objects.filter(producer=moved).order_by("assessed_on"))
    assert history[0].band_code == "IR1" and history[-1].band_code == "IR2"
    # The answers really change: her business passed two years during the year.
    ages = [a.answers.get(indicator="business_age").value for a in history]
    assert ages[0] == "1_2" and ages[-1] == "over_2"


def check_practice_shops_are_not_assessed(ibun):
    practice = Partner.objects.filter(is_practice=True)
    assert practice.exists(), "the training demo made practice shops"
    assert not Assessment.objects.filter(producer__is_practice=True).exists()
    assert not Support.objects.filter(producer__is_practice=True).exists()


def check_the_group_assessment():
    group_assessment = Assessment.objects.get(group__isnull=False)
    assert group_assessment.group.name == "KWT Mawar Ibun"
    assert 30 <= days_ago(group_assessment.assessed_on) <= 90


def check_assessors():
    facilitator = get_user_model().objects.get(username="fasilitator")
    helped = access.assessable_producers(facilitator)
    by_facilitator = Assessment.objects.filter(assessor=facilitator)
    assert by_facilitator.filter(producer__name="Keripik Ceu Enok").count() == 4
    # She only assessed producers she may assess; the operator did the rest.
    assert not by_facilitator.filter(producer__isnull=False).exclude(producer__in=helped).exists()
    assert Assessment.objects.filter(assessor__username="operator").exists()
    assert not Assessment.objects.filter(assessor__isnull=True).exists()


def check_institutions_and_papers(ibun):
    kinds = set(Institution.objects.values_list("kind", flat=True))
    assert {"government", "bank", "university", "ngo", "cooperative"} <= kinds
    supported = Partner.objects.filter(supports__isnull=False, site=ibun).distinct()
    assert supported.count() >= 5
    real = Partner.objects.filter(site=ibun, is_practice=False)
    assert real.exclude(business_permit="").count() >= 3
    assert real.exclude(nib="").count() == 1
    with_pirt = real.exclude(pirt_number="")
    assert with_pirt.count() == 1 and formality.makes_food(with_pirt.get())
    scripted = real.filter(name__in=demo.data.PAPERS)
    assert scripted.count() == len(demo.data.PAPERS)
    assert not scripted.filter(business_started__isnull=True).exists()
    # An assessment says "permit: yes" only for a producer who has one now.
    said_yes = Partner.objects.filter(
        assessments__answers__indicator="business_permit", assessments__answers__value="yes"
    ).distinct()
    assert said_yes.exists()
    assert all(producer.has_business_permit for producer in said_yes)


def check_the_partner_login():
    mitra = get_user_model().objects.get(username="mitra")
    assert mitra.check_password("pasardesa-mitra")
    assert mitra.groups.filter(name=access.PARTNER_GROUP).exists()
    assert access.can_read_reports(mitra)
    assert not access.sees_contacts(mitra)
    assert not mitra.is_staff


@pytest.mark.django_db
def test_producers_outside_the_script_get_a_steady_year_and_practice_shops_none(ibun):
    """The demo works on whatever producers the shop has: one it does not
    know is assessed from the default answers; a practice shop never."""
    newcomer = factories.ProducerFactory(site=ibun, name="Tempe Bu Odah")
    practice = factories.ProducerFactory(site=ibun, name="Latihan Bu Odah", is_practice=True)
    operator = make_operator()
    assert demo.load(ibun, operator) == 4
    history = Assessment.objects.filter(producer=newcomer)
    assert set(history.values_list("band_code", flat=True)) == {"IR1"}
    assert set(history.values_list("assessor", flat=True)) == {operator.pk}
    assert not Assessment.objects.filter(producer=practice).exists()
    assert demo.load(ibun, operator) == 0
    assert Assessment.objects.count() == 4
