"""Answers suggested from platform data (programme.prefill), each source
from real rows: orders placed and paid through the real services, price
calculations through the pricing helper, partner institutions."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from programme import assessments, prefill, rubrics
from programme.models import Institution, Support
from tests import factories
from tests.programme import world
from tests.programme.sales import sell
from vendors import pricing

ProducerGroup = get_model("partner", "ProducerGroup")
PriceCalculation = get_model("partner", "PriceCalculation")

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 15)


def days(n):
    return datetime.timedelta(days=n)


@pytest.fixture
def operator():
    return world.make_operator()


@pytest.fixture
def sari(ibun):
    return factories.ProducerFactory(name="Bu Sari", site=ibun)


@pytest.fixture
def product(sari):
    return factories.ProductFactory(producer=sari, stock=500, stock__price=20000)


def suggest(source, subject, on_date=TODAY):
    return prefill.suggest(source, subject, on_date)


def value(source, subject, on_date=TODAY):
    found = suggest(source, subject, on_date)
    return None if found is None else found.value


# --- formality and profile ----------------------------------------------------


def test_business_permit_is_always_known(sari):
    assert value("business_permit", sari) == "no"
    sari.business_permit = "SKU 12/2024 Desa Ibun"
    assert value("business_permit", sari) == "yes"
    sari.business_permit, sari.nib = "", "9120301234567"
    assert suggest("business_permit", sari).value == "yes"


def test_business_age_edges(sari):
    assert value("business_age", sari) is None  # no start date
    started = datetime.date(2023, 6, 15)
    sari.business_started = started
    sari.save()
    assert value("business_age", sari, datetime.date(2024, 6, 14)) == "under_1"
    assert value("business_age", sari, datetime.date(2024, 6, 15)) == "1_2"  # exactly 1 year
    assert value("business_age", sari, datetime.date(2025, 6, 15)) == "1_2"  # exactly 2 years
    assert value("business_age", sari, datetime.date(2025, 6, 16)) == "over_2"
    # Started after the assessment date: the platform did not know her then.
    assert value("business_age", sari, datetime.date(2023, 6, 1)) is None
    assert "2023" in suggest("business_age", sari, datetime.date(2025, 6, 16)).evidence


def test_institutional_form_from_the_group(sari):
    assert value("institutional_form", sari) is None  # no group
    expected = {"kelompok": "group", "paguyuban": "association", "koperasi": "cooperative"}
    expected["credit_union"] = "cooperative"
    for kind, answer in expected.items():
        group = ProducerGroup.objects.create(name=f"KWT {kind}", kind=kind, village=sari.village)
        sari.group = group
        sari.save()
        assert value("institutional_form", sari) == answer
        assert value("institutional_form", group) == answer
        assert "KWT" in suggest("institutional_form", group).evidence


# --- partner institutions -----------------------------------------------------


def support(producer, name, kind, since=None):
    institution, _created = Institution.objects.get_or_create(name=name, kind=kind)
    return Support.objects.create(institution=institution, producer=producer, since=since)


def test_institutional_support_counts_supporters_by_the_date(sari):
    assert value("institutional_support", sari) == "none"
    assert value("supporting_institutions", sari) == "none"
    support(sari, "Dinas PPPA Kab. Bandung", "government", since=TODAY - days(300))
    assert value("institutional_support", sari) == "little"
    assert value("supporting_institutions", sari) == "government"
    support(sari, "Bank BJB", "bank", since=TODAY + days(1))  # not yet on that date
    assert value("institutional_support", sari) == "little"
    assert value("institutional_support", sari, TODAY + days(1)) == "supportive"
    assert value("supporting_institutions", sari, TODAY + days(1)) == "combination"


@pytest.mark.parametrize(
    "kinds, expected",
    [
        (["university"], "university"),
        (["bank"], "bank"),
        (["business"], "business"),
        (["ngo"], "other"),
        (["cooperative"], "other"),
        (["ngo", "cooperative"], "combination"),
        (["government", "government"], "government"),
    ],
)
def test_supporting_institutions_by_kind(sari, kinds, expected):
    for number, kind in enumerate(kinds):
        support(sari, f"Lembaga {number}", kind)  # no date: counted
    found = suggest("supporting_institutions", sari)
    assert found.value == expected
    assert str(Institution.Kind(kinds[0]).label) in found.evidence


# --- orders -------------------------------------------------------------------


def test_no_paid_order_means_unknown(sari, product, operator):
    sell(product, shipping="delivery-outside_province", paid=False, placed=TODAY)
    for source in ("marketing_zone", "market_reach", "payment", "profit_trend"):
        assert suggest(source, sari) is None


@pytest.mark.parametrize(
    "shipping, zone, reach",
    [
        ("pickup", "village", "local"),
        ("delivery-village", "village", "local"),
        ("delivery-outside_village", "outside_village", "local"),
        ("delivery-outside_district", "outside_district", "local"),
        ("delivery-outside_regency", "outside_regency", "out_of_town"),
        ("delivery-outside_province", "outside_province", "national"),
    ],
)
def test_marketing_zone_and_reach_from_the_farthest_delivery(
    sari, product, operator, shipping, zone, reach
):
    sell(product, shipping="pickup", placed=TODAY - days(30), by=operator)
    sell(product, shipping=shipping, placed=TODAY - days(10), by=operator)
    assert value("marketing_zone", sari) == zone
    assert value("market_reach", sari) == reach
    assert "2" in suggest("marketing_zone", sari).evidence  # of 2 paid orders


def test_orders_outside_the_12_months_are_ignored(sari, product, operator):
    sell(product, shipping="delivery-outside_village", placed=TODAY, by=operator)
    sell(product, shipping="delivery-outside_province", placed=TODAY + days(1), by=operator)
    sell(product, shipping="delivery-outside_regency", placed=TODAY - days(366), by=operator)
    # unpaid orders never count
    sell(product, shipping="delivery-outside_regency", placed=TODAY, paid=False)
    assert value("marketing_zone", sari) == "outside_village"
    assert value("marketing_zone", sari, TODAY + days(1)) == "outside_province"
    # 12 months back from 14 June 2025 start on 15 June 2024: 14 June is out...
    assert value("marketing_zone", sari, TODAY - days(1)) is None
    # ...and in for 13 June 2025.
    assert value("marketing_zone", sari, TODAY - days(2)) == "outside_regency"


def test_orders_of_other_producers_do_not_count(sari, product, operator):
    other = factories.ProductFactory(producer__site=sari.site, stock=10)
    sell(other, shipping="delivery-outside_province", placed=TODAY, by=operator)
    assert value("marketing_zone", sari) is None
    sell([(product, 1), (other, 1)], shipping="delivery-outside_regency", by=operator)
    assert value("marketing_zone", sari, timezone.localdate()) == "outside_regency"


def test_payment_non_cash_needs_more_than_half(sari, product, operator):
    sell(product, method="cod", placed=TODAY - days(5), by=operator)
    sell(product, method="qris", placed=TODAY - days(4), by=operator)
    found = suggest("payment", sari)
    assert found.value == "cash"  # 50 % cash is not "more than half non-cash"
    sell(product, method="bank-transfer", placed=TODAY - days(3), by=operator)
    assert value("payment", sari) == "non_cash"
    sell(product, method="cod", placed=TODAY + days(1), by=operator)  # after the date
    assert value("payment", sari) == "non_cash"
    assert value("payment", sari, TODAY + days(1)) == "cash"


def test_payment_evidence_in_words(sari, product, operator, english):
    for method in ("cod", "bank-transfer", "card", "qris"):
        sell(product, method=method, placed=TODAY - days(3), by=operator)
    found = suggest("payment", sari)
    assert found == ("non_cash", "3 of 4 paid orders in the last 12 months were paid non-cash.")


def test_profit_trend_compares_two_years_of_sales(sari, product, operator):
    assert value("profit_trend", sari) is None
    sell([(product, 10)], placed=TODAY - days(400), by=operator)  # Rp 200.000 before
    assert value("profit_trend", sari) is None  # no sales in the last 12 months
    sell([(product, 11)], placed=TODAY - days(20), by=operator)  # Rp 220.000: +10 %
    assert value("profit_trend", sari) == "stable"
    sell([(product, 1)], placed=TODAY - days(10), by=operator)  # Rp 240.000: +20 %
    assert value("profit_trend", sari) == "up"
    sell([(product, 20)], placed=TODAY + days(1), by=operator)  # after the date: ignored
    assert value("profit_trend", sari) == "up"
    sell([(product, 20)], placed=TODAY - days(700), by=operator)  # Rp 600.000 before
    assert value("profit_trend", sari) == "down"
    sell([(product, 50)], placed=TODAY - days(800), by=operator)  # over 2 years: ignored
    assert value("profit_trend", sari) == "down"


def test_profit_trend_evidence(sari, product, operator, english):
    sell([(product, 10)], placed=TODAY - days(400), by=operator)
    sell([(product, 8)], placed=TODAY - days(20), by=operator)
    found = suggest("profit_trend", sari)
    assert found.value == "down"
    assert "Rp 160.000" in found.evidence and "Rp 200.000" in found.evidence
    assert "-20" in found.evidence


# --- pricing ------------------------------------------------------------------


def calculate(producer, materials, margin, when=None):
    calculation, result = pricing.save_calculation(
        producer,
        None,
        "Keripik",
        pricing.Inputs(materials=Decimal(materials), units=1, margin_percent=Decimal(margin)),
    )
    if when is not None:
        moment = timezone.make_aware(datetime.datetime.combine(when, datetime.time(9)))
        PriceCalculation.objects.filter(pk=calculation.pk).update(created_at=moment)
    return result.value_added_percent


@pytest.mark.parametrize(
    "materials, margin, expected",
    [
        (10000, 10, "under_25"),
        (10000, 30, "25_50"),
        (10000, 60, "50_75"),
        (10000, 80, "over_75"),
    ],
)
def test_value_added_bands(sari, materials, margin, expected):
    assert value("value_added", sari) is None
    percent = calculate(sari, materials, margin)
    assert value("value_added", sari, timezone.localdate()) == expected
    assert pricing.latest_value_added(sari) == percent


def test_value_added_uses_the_newest_calculation_by_the_date(sari):
    calculate(sari, 10000, 10, when=TODAY - days(30))  # under 25 %
    calculate(sari, 10000, 80, when=TODAY + days(1))  # over 75 %, later
    assert value("value_added", sari) == "under_25"
    assert value("value_added", sari, TODAY + days(1)) == "over_75"
    assert value("value_added", sari, TODAY - days(31)) is None


def test_value_added_edges():
    """Exactly 25, 50 and 75 % fall in the higher band."""
    producer = factories.ProducerFactory()
    for percent, expected in (("24.9", "under_25"), ("25", "25_50"), ("50", "50_75")):
        PriceCalculation.objects.create(
            producer=producer, name="x", value_added_percent=Decimal(percent)
        )
        assert value("value_added", producer, timezone.localdate()) == expected
    PriceCalculation.objects.create(producer=producer, name="x", value_added_percent=75)
    assert value("value_added", producer, timezone.localdate()) == "over_75"


# --- a group ------------------------------------------------------------------


def test_a_group_speaks_through_its_real_members(ibun, operator, django_assert_max_num_queries):
    village = factories.VillageFactory()
    group = ProducerGroup.objects.create(name="KUB Mawar", kind="koperasi", village=village)
    members = [
        factories.ProducerFactory(village=village, group=group, site=ibun) for _n in range(3)
    ]
    practice = factories.ProducerFactory(village=village, group=group, is_practice=True)
    outsider = factories.ProducerFactory(village=village, site=ibun)
    today = timezone.localdate()

    for source in ("business_permit", "business_age", "marketing_zone", "value_added"):
        if source != "business_permit":
            assert value(source, group, today) is None, source
    assert value("business_permit", group, today) == "no"

    members[0].nib = "9120301234567"
    members[0].business_started = today - days(400)
    members[0].save()
    members[1].business_permit = "SKU Desa"
    members[1].business_started = today - days(1000)
    members[1].save()
    practice.business_started = today - days(5000)
    practice.nib = "9120301234568"
    practice.save()
    assert value("business_permit", group, today) == "yes"  # 2 of 3
    assert value("business_age", group, today) == "over_2"  # the oldest real member

    support(members[0], "Bank BJB", "bank")
    support(members[1], "Bank BJB", "bank")  # the same institution once
    support(practice, "Universitas Uji", "university")
    support(outsider, "Dinas Uji", "government")
    assert value("institutional_support", group, today) == "little"
    assert value("supporting_institutions", group, today) == "bank"
    assert value("institutional_form", group, today) == "cooperative"

    products = [factories.ProductFactory(producer=member, stock=50) for member in members]
    sell(products[0], shipping="delivery-outside_village", method="qris", by=operator)
    sell(products[1], shipping="pickup", method="cod", by=operator)
    sell([(products[0], 1), (products[1], 1)], method="card", by=operator)
    sell(factories.ProductFactory(producer=outsider, stock=5), method="cod", by=operator)
    assert value("marketing_zone", group, today) == "outside_village"
    assert value("payment", group, today) == "non_cash"  # 2 of 3 orders non-cash

    for member, percent in zip(members, ("10", "40", "90"), strict=True):
        PriceCalculation.objects.create(
            producer=member, name="x", value_added_percent=Decimal(percent)
        )
    PriceCalculation.objects.create(producer=practice, name="x", value_added_percent=5)
    found = suggest("value_added", group, today)
    assert found.value == "25_50"  # the median, 40 %
    assert "3" in found.evidence

    definition = world.version().definition
    with django_assert_max_num_queries(12):
        for _variable, indicator in rubrics.indicators(definition):
            if indicator["prefill"]:
                prefill.suggest(indicator["prefill"], group, today)


# --- suggestions of a rubric ---------------------------------------------------


def test_suggestions_are_options_of_the_indicator(sari, product, operator):
    today = timezone.localdate()
    sari.business_started = today - days(800)
    sari.nib = "9120301234567"
    sari.group = ProducerGroup.objects.create(name="KWT", kind="paguyuban", village=sari.village)
    sari.save()
    support(sari, "Dinas PPPA", "government")
    sell(product, shipping="delivery-outside_regency", method="qris", by=operator)
    calculate(sari, 10000, 60)
    version = world.version()
    found = assessments.suggestions(version, sari, today)
    options = {
        indicator["key"]: {option["value"] for option in indicator["options"]}
        for _variable, indicator in rubrics.indicators(version.definition)
    }
    assert set(found) == {
        "institutional_form",
        "institutional_support",
        "business_permit",
        "business_age",
        "marketing_zone",
        "payment",
        "value_added",
        "market_reach",
        "supporting_institutions",
    }  # profit_trend: no sales the year before
    for key, suggestion in found.items():
        assert suggestion.value in options[key], key
        assert suggestion.evidence
    assert found["market_reach"].value == "out_of_town"
    assert found["marketing_zone"].value == "outside_regency"


def test_a_value_the_rubric_does_not_offer_is_not_suggested(sari):
    """An operator who dropped the "no" answer of business permit gets no
    suggestion for it rather than an answer the form cannot show."""
    rubric = world.rubric()
    raw = rubric.variables.raw_data
    for variable in raw:
        for indicator in variable["value"]["indicators"]:
            value_ = indicator["value"]
            if value_["key"] == "business_permit":
                value_["options"] = [
                    option for option in value_["options"] if option["value"]["value"] != "no"
                ] + [{"type": "item", "value": {"label": "Belum", "value": "not_yet", "points": 0}}]
    rubric.variables = raw
    rubric.save()
    version = rubrics.latest_version(rubric)
    assert version.number == 2
    found = assessments.suggestions(version, sari, timezone.localdate())
    assert "business_permit" not in found
    assert found["institutional_support"].value == "none"
