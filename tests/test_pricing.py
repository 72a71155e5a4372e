"""The pricing helper: its arithmetic (vendors.pricing) and its portal page."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import assume, given
from hypothesis import strategies as st
from oscar.core.loading import get_model

from lessons import content
from tests import factories
from vendors import pricing

PriceCalculation = get_model("partner", "PriceCalculation")
StockRecord = get_model("partner", "StockRecord")
AuditEntry = get_model("partner", "AuditEntry")
FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")
ProducerGroup = get_model("partner", "ProducerGroup")

KERIPIK = pricing.Inputs(
    materials=Decimal(90_000),
    fuel=Decimal(10_000),
    electricity=Decimal(15_000),
    packaging=Decimal(30_000),
    labour_hours=Decimal(6),
    hourly_wage=Decimal(10_000),
    units=20,
    margin_percent=Decimal(30),
)


# --- arithmetic ----------------------------------------------------------------


def test_the_keripik_example_of_the_pricing_lesson():
    result = pricing.calculate(KERIPIK)
    assert result.bought_in_per_batch == 145_000
    assert result.labour_per_batch == 60_000
    assert result.cost_per_batch == 205_000
    assert result.cost_per_unit == 10_250
    assert result.bought_in_per_unit == 7_250
    # 10.250 / 0,7 = 14.642,86 -> up to the next Rp 500
    assert result.exact_price.quantize(Decimal("0.01")) == Decimal("14642.86")
    assert result.suggested_price == 15_000
    assert result.profit_per_unit == 4_750
    assert result.margin_percent == Decimal("31.6")  # 4.750 / 15.000, cut
    assert result.value_added_percent == Decimal("51.6")  # 7.750 / 15.000, cut
    # The lesson's numbers are the helper's numbers.
    example = dict(content.KERIPIK_EXAMPLE)
    expected_price = example.pop("suggested_price")
    expected_va = Decimal(example.pop("value_added_percent"))
    same = pricing.calculate(pricing.Inputs(**{k: Decimal(v) for k, v in example.items()}))
    assert (same.suggested_price, same.value_added_percent) == (expected_price, expected_va)


def test_margin_is_a_share_of_the_price_not_a_markup():
    # Cost 7.000 with 30 % margin: 7.000 / 0,7 = 10.000 (a mark-up would give 9.100).
    result = pricing.calculate(
        pricing.Inputs(materials=Decimal(70_000), units=10, margin_percent=Decimal(30))
    )
    assert result.suggested_price == 10_000
    assert result.margin_percent == 30


def test_no_margin_sells_at_cost_rounded_up():
    result = pricing.calculate(pricing.Inputs(materials=Decimal(1_234), units=1))
    assert result.suggested_price == 1_300
    assert result.profit_per_unit == 66


def test_only_her_own_work_is_all_value_added():
    result = pricing.calculate(
        pricing.Inputs(
            labour_hours=Decimal("2.5"), hourly_wage=Decimal(12_000), margin_percent=Decimal(20)
        )
    )
    assert result.cost_per_unit == 30_000
    assert result.suggested_price == 37_500
    assert result.value_added_percent == 100


@pytest.mark.parametrize(
    "price, rounded",
    [
        (Decimal("0.5"), 100),
        (Decimal(100), 100),
        (Decimal("100.01"), 200),
        (Decimal(9_901), 10_000),
        (Decimal(10_000), 10_000),
        (Decimal(10_001), 10_500),
        (Decimal(99_999), 100_000),
        (Decimal(100_001), 101_000),
        (Decimal(1_250_000), 1_250_000),
    ],
)
def test_prices_round_up_to_a_market_step(price, rounded):
    assert pricing.round_up(price) == rounded


amounts = st.integers(min_value=0, max_value=50_000_000).map(Decimal)
tenths = st.integers(min_value=0, max_value=20_000).map(lambda n: Decimal(n) / 10)


@st.composite
def inputs(draw):
    values = pricing.Inputs(
        materials=draw(amounts),
        fuel=draw(amounts),
        electricity=draw(amounts),
        packaging=draw(amounts),
        other_costs=draw(amounts),
        labour_hours=draw(tenths),
        hourly_wage=draw(st.integers(min_value=0, max_value=1_000_000).map(Decimal)),
        units=draw(st.integers(min_value=1, max_value=100_000)),
        margin_percent=draw(st.integers(min_value=0, max_value=900).map(lambda n: Decimal(n) / 10)),
    )
    assume(not pricing.validate(values))
    return values


def calculated(values):
    try:
        return pricing.calculate(values)
    except ValidationError:  # a price above Rp 1 billion: refused, tested below
        assume(False)


@given(inputs())
def test_price_is_never_below_cost_and_never_rounded_down(values):
    result = calculated(values)
    assert result.suggested_price >= result.exact_price >= result.exact_cost_per_unit
    assert result.suggested_price >= result.cost_per_unit
    assert result.suggested_price % result.step == 0
    assert result.suggested_price - result.exact_price < result.step
    assert result.margin_percent >= values.margin_percent


@given(inputs())
def test_value_added_is_between_0_and_100(values):
    result = calculated(values)
    assert result.suggested_price >= result.bought_in_per_unit
    assert 0 <= result.value_added_percent <= 100
    assert result.value_added_percent == result.value_added_percent.quantize(Decimal("0.1"))


@pytest.mark.parametrize(
    "changes, field, words",
    [
        ({"materials": Decimal(-1)}, "materials", "below 0"),
        ({"packaging": Decimal(2_000_000_000)}, "packaging", "too high"),
        ({"labour_hours": Decimal(-2)}, "labour_hours", "below 0"),
        ({"labour_hours": Decimal(5000)}, "labour_hours", "too many hours"),
        ({"hourly_wage": Decimal(-1)}, "hourly_wage", "below 0"),
        ({"units": 0}, "units", "at least 1"),
        ({"units": 1_000_000}, "units", "too many units"),
        ({"margin_percent": Decimal(-5)}, "margin_percent", "below 0"),
        ({"margin_percent": Decimal(100)}, "margin_percent", "at most 90"),
    ],
)
def test_bad_inputs_get_a_clear_message(changes, field, words, english):
    values = pricing.Inputs(**{**KERIPIK.as_dict(), **changes})
    with pytest.raises(ValidationError) as caught:
        pricing.calculate(values)
    messages = caught.value.message_dict
    assert list(messages) == [field]
    assert words in " ".join(messages[field])


def test_no_cost_at_all_is_refused(english):
    with pytest.raises(ValidationError) as caught:
        pricing.calculate(pricing.Inputs(units=10, margin_percent=Decimal(30)))
    assert "at least one cost" in caught.value.message_dict["__all__"][0]


def test_a_price_above_the_shops_maximum_is_refused(english):
    values = pricing.Inputs(materials=Decimal(900_000_000), units=1, margin_percent=Decimal(50))
    with pytest.raises(ValidationError) as caught:
        pricing.calculate(values)
    assert "Check the amounts" in caught.value.message_dict["__all__"][0]


# --- rows ------------------------------------------------------------------------


@pytest.fixture
def entin(ibun):
    producer = factories.ProducerFactory(site=ibun, name="Keripik Entin")
    user = factories.UserFactory(username="entin")
    producer.users.add(user)
    producer.user = user
    return producer


@pytest.fixture
def yati(ibun):
    producer = factories.ProducerFactory(site=ibun, name="Rajut Yati")
    user = factories.UserFactory(username="yati")
    producer.users.add(user)
    producer.user = user
    return producer


@pytest.mark.django_db
def test_latest_value_added_is_the_newest_calculation(entin, yati):
    assert pricing.latest_value_added(entin) is None
    pricing.save_calculation(entin, entin.user, "Keripik", KERIPIK)
    only_materials = pricing.Inputs(materials=Decimal(10_000), units=1, margin_percent=Decimal(20))
    pricing.save_calculation(entin, entin.user, "Keripik tanpa tenaga", only_materials)
    pricing.save_calculation(yati, yati.user, "Tas", KERIPIK)
    assert pricing.latest_value_added(entin) == Decimal("20.0")
    assert pricing.latest_value_added(yati) == Decimal("51.6")


@pytest.mark.django_db
def test_save_calculation_keeps_inputs_and_results(entin):
    calculation, result = pricing.save_calculation(entin, entin.user, "Keripik", KERIPIK)
    calculation.refresh_from_db()
    assert calculation.created_by == entin.user
    assert (calculation.cost_per_unit, calculation.suggested_price) == (10_250, 15_000)
    assert calculation.value_added_percent == Decimal("51.6")
    # Stored inputs give the same result again.
    assert pricing.calculate(pricing.Inputs.of(calculation)) == result


# --- the portal page -------------------------------------------------------------


@pytest.fixture
def english_shop(ibun):
    """Messages in English, the msgids (the shop's language decides)."""
    from storefront.models import ShopSettings

    ShopSettings.objects.filter(site=ibun).update(language="en")


def client_for(user):
    client = Client(HTTP_HOST="ibun.localhost")
    client.force_login(user)
    return client


def page_url(producer):
    return reverse("portal:pricing", kwargs={"producer": producer.code})


FORM = {
    "name": "Keripik singkong 150 g",
    "materials": "90.000",
    "fuel": "Rp 10.000",
    "electricity": "15000",
    "packaging": "30.000",
    "other_costs": "",
    "labour_hours": "6",
    "hourly_wage": "10.000",
    "units": "20",
    "margin_percent": "30 %",
}


@pytest.mark.django_db
def test_the_form_is_phone_first(entin):
    response = client_for(entin.user).get(page_url(entin))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('inputmode="numeric"') >= 7
    assert 'inputmode="decimal"' in html
    assert "<script" not in html


@pytest.mark.django_db
def test_a_calculation_is_saved_shown_and_explained(entin):
    client = client_for(entin.user)
    response = client.post(page_url(entin), FORM)
    calculation = PriceCalculation.objects.get(producer=entin)
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(entin)}?hitungan={calculation.pk}#hasil"
    assert calculation.created_by == entin.user
    assert calculation.name == "Keripik singkong 150 g"
    assert (calculation.materials, calculation.fuel, calculation.units) == (90_000, 10_000, 20)
    assert calculation.suggested_price == 15_000

    html = client.get(response["Location"]).content.decode()
    assert "Rp\xa015.000" in html
    assert "Rp\xa010.250" in html  # cost per unit
    assert "51,6" in html  # value added, the Indonesian way
    assert "Rp 51" in html  # "of every Rp 100 ... Rp 51"
    # Her last calculations.
    assert html.count(f"?hitungan={calculation.pk}") >= 1
    # Reloading the result saves nothing more.
    client.get(response["Location"])
    assert PriceCalculation.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, message",
    [
        ({"margin_percent": "100"}, "at most 90 %"),
        ({"units": "0"}, "at least 1"),
        ({"materials": "banyak"}, "whole rupiah"),
        ({"materials": "-5.000"}, "below 0"),
        ({"labour_hours": "2,25"}, "one digit"),
        ({"name": ""}, "Write what you are pricing"),
        (
            {key: "" for key in ("materials", "fuel", "electricity", "packaging", "labour_hours")},
            "at least one cost",
        ),
    ],
)
def test_bad_input_gets_a_message_and_saves_nothing(english_shop, entin, changes, message):
    response = client_for(entin.user).post(page_url(entin), {**FORM, **changes})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert PriceCalculation.objects.count() == 0


@pytest.mark.django_db
def test_every_mistake_is_shown_at_once(english_shop, entin):
    data = {**FORM, "materials": "banyak", "margin_percent": "100", "units": "0"}
    html = client_for(entin.user).post(page_url(entin), data).content.decode()
    assert "whole rupiah" in html
    assert "at most 90 %" in html
    assert "at least 1 unit" in html
    assert PriceCalculation.objects.count() == 0


@pytest.mark.django_db
def test_the_calculation_can_be_for_one_of_her_products_only(entin, yati):
    hers = factories.ProductFactory(producer=entin, title="Keripik pedas")
    not_hers = factories.ProductFactory(producer=yati, title="Tas rajut")
    client = client_for(entin.user)

    response = client.post(page_url(entin), {**FORM, "name": "", "product": not_hers.pk})
    assert response.status_code == 200
    assert PriceCalculation.objects.count() == 0

    client.post(page_url(entin), {**FORM, "name": "", "product": hers.pk})
    calculation = PriceCalculation.objects.get()
    assert (calculation.product, calculation.name) == (hers, "Keripik pedas")


@pytest.mark.django_db
def test_use_the_price_for_her_own_product(entin):
    product = factories.ProductFactory(producer=entin, title="Keripik pedas", stock=5)
    calculation, _result = pricing.save_calculation(entin, entin.user, "Keripik", KERIPIK)
    response = client_for(entin.user).post(
        page_url(entin),
        {"action": "apply", "apply-calculation": calculation.pk, "apply-product": product.pk},
    )
    assert response.status_code == 302
    record = StockRecord.objects.get(product=product)
    assert record.price == 15_000
    assert record.num_in_stock == 5  # only the price changed
    calculation.refresh_from_db()
    assert calculation.product == product
    assert not AuditEntry.objects.filter(producer=entin).exists()  # she did it herself


@pytest.mark.django_db
def test_another_producers_product_or_calculation_is_never_changed(english_shop, entin, yati):
    hers = factories.ProductFactory(producer=entin, stock=5, stock__price=20_000)
    not_hers = factories.ProductFactory(producer=yati, stock=5, stock__price=80_000)
    mine, _result = pricing.save_calculation(entin, entin.user, "Keripik", KERIPIK)
    theirs, _result = pricing.save_calculation(yati, yati.user, "Tas", KERIPIK)
    client = client_for(entin.user)

    response = client.post(
        page_url(entin),
        {"action": "apply", "apply-calculation": mine.pk, "apply-product": not_hers.pk},
    )
    assert response.status_code == 200
    assert "Choose one of your own products." in response.content.decode()
    response = client.post(
        page_url(entin),
        {"action": "apply", "apply-calculation": theirs.pk, "apply-product": hers.pk},
    )
    assert response.status_code == 302  # refused with a message, back to the form

    assert StockRecord.objects.get(product=not_hers).price == 80_000
    assert StockRecord.objects.get(product=hers).price == 20_000
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.product is None and theirs.product is None
    with pytest.raises(ValidationError):
        pricing.apply_price(entin, mine, not_hers)
    with pytest.raises(ValidationError):
        pricing.apply_price(entin, theirs, hers)
    assert StockRecord.objects.get(product=not_hers).price == 80_000


@pytest.mark.django_db
def test_she_never_sees_another_producers_calculation(entin, yati):
    theirs, _result = pricing.save_calculation(yati, yati.user, "Rahasia Yati", KERIPIK)
    html = client_for(entin.user).get(f"{page_url(entin)}?hitungan={theirs.pk}").content.decode()
    assert "Rahasia Yati" not in html


@pytest.mark.django_db
def test_a_facilitators_calculation_is_in_her_activity_log(ibun, entin):
    group = ProducerGroup.objects.create(name="Kelompok Mekar", village=entin.village)
    entin.group = group
    entin.save()
    facilitator = factories.UserFactory(username="pendamping")
    FacilitatorAssignment.objects.create(facilitator=facilitator, group=group)
    response = client_for(facilitator).post(page_url(entin), FORM)
    assert response.status_code == 302
    calculation = PriceCalculation.objects.get(producer=entin)
    assert calculation.created_by == facilitator
    entry = AuditEntry.objects.get(producer=entin)
    assert entry.params["name"] == "Keripik singkong 150 g"


@pytest.mark.django_db
def test_the_page_runs_a_fixed_number_of_queries(entin, django_assert_max_num_queries):
    for number in range(15):
        product = factories.ProductFactory(producer=entin, title=f"Produk {number}")
        pricing.save_calculation(entin, entin.user, f"Hitungan {number}", KERIPIK, product)
    last = PriceCalculation.objects.filter(producer=entin).first()
    client = client_for(entin.user)
    with django_assert_max_num_queries(14):
        response = client.get(f"{page_url(entin)}?hitungan={last.pk}")
    assert response.status_code == 200
    assert response.content.decode().count('href="?hitungan=') == pricing_recent()


def pricing_recent():
    from vendors.portal.views import pricing as view

    return view.RECENT


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "①", "9" * 30, "-3", "abc"])
def test_a_strange_id_in_the_address_shows_the_empty_form(entin, value):
    client = client_for(entin.user)
    for parameter in ("hitungan", "produk"):
        response = client.get(page_url(entin), {parameter: value})
        assert response.status_code == 200, parameter
