"""programme.reports: clusters at a date (latest assessment wins), per
village, district and regency, within an area; movement between clusters
across rubric versions; the list behind one number; sales per month. Practice
shops never count."""

import copy
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from programme import reports, sales_report
from programme.models import Assessment, RubricVersion
from storefront.delivery import DeliveryZone
from tests import factories
from tests.programme import world

pytestmark = pytest.mark.django_db

Account = get_model("partner", "Account")
Line = get_model("order", "Line")
Order = get_model("order", "Order")
Payment = get_model("payment", "Payment")
ProducerGroup = get_model("partner", "ProducerGroup")

D = datetime.date.fromisoformat


class Places:
    """Bandung regency (Ibun district: Lampegan, Laksana; Paseh district:
    Cipedes) and Garut regency (Tarogong district: Jayaraga)."""

    def __init__(self):
        bandung = factories.RegencyFactory(name="Kabupaten Bandung")
        garut = factories.RegencyFactory(name="Kabupaten Garut")
        self.ibun = factories.DistrictFactory(name="Ibun", regency=bandung)
        self.paseh = factories.DistrictFactory(name="Paseh", regency=bandung)
        self.tarogong = factories.DistrictFactory(name="Tarogong", regency=garut)
        self.bandung, self.garut = bandung, garut
        self.lampegan = factories.VillageFactory(name="Lampegan", district=self.ibun)
        self.laksana = factories.VillageFactory(name="Laksana", district=self.ibun)
        self.cipedes = factories.VillageFactory(name="Cipedes", district=self.paseh)
        self.jayaraga = factories.VillageFactory(name="Jayaraga", district=self.tarogong)


@pytest.fixture
def places():
    return Places()


def producer(name, village, **fields):
    return factories.ProducerFactory(name=name, village=village, **fields)


def practice_assessment(shop, on_date, score=15):
    """A practice shop cannot be assessed through the service; a stray row
    (a shop turned into practice later, an import) must still not count."""
    version = world.version()
    band = next(b for b in version.definition["bands"] if b["min"] <= score <= b["max"])
    return Assessment.objects.create(
        version=version,
        producer=shop,
        assessed_on=D(on_date),
        score=score,
        band_code=band["code"],
        band_label=band["label"],
    )


def second_version(shift=1):
    """Version 2 of the seeded rubric with its band edges moved: IR1 0-5,
    IR2 6-11, IR3 12-18 (bands keep their codes)."""
    definition = copy.deepcopy(world.version().definition)
    low, middle, high = definition["bands"]
    low["max"] -= shift
    middle["min"] -= shift
    middle["max"] -= shift
    high["min"] -= shift
    return RubricVersion.objects.create(rubric=world.rubric(), number=2, definition=definition)


def counts(report, name):
    row = next(row for row in report.rows if row.name == name)
    return dict(row.counts), row.not_assessed


# clusters_at ---------------------------------------------------------------


def test_a_producer_counts_in_the_band_of_her_latest_assessment_at_the_date(places):
    ani = producer("Bu Ani", places.lampegan)
    world.assess(ani, "2025-01-10", 3)  # IR1
    world.assess(ani, "2025-06-01", 9)  # IR2
    world.assess(ani, "2025-11-01", 15)  # IR3

    def at(day):
        return counts(reports.clusters_at(D(day), "village", reports.PRODUCERS), "Lampegan")

    assert at("2025-01-09") == ({}, 1)
    assert at("2025-01-10") == ({"IR1": 1}, 0)
    assert at("2025-05-31") == ({"IR1": 1}, 0)
    assert at("2025-06-01") == ({"IR2": 1}, 0)
    assert at("2026-01-01") == ({"IR3": 1}, 0)


def test_two_assessments_on_one_day_the_one_recorded_last_wins(places):
    ani = producer("Bu Ani", places.lampegan)
    world.assess(ani, "2025-03-01", 15)
    world.assess(ani, "2025-03-01", 2)
    report = reports.clusters_at(D("2025-03-01"), "village", reports.PRODUCERS)
    assert counts(report, "Lampegan") == ({"IR1": 1}, 0)


def test_band_columns_follow_the_rubric_in_score_order_even_when_empty(places, english):
    ani = producer("Bu Ani", places.lampegan)
    world.assess(ani, "2025-03-01", 15)
    report = reports.clusters_at(D("2025-12-31"), "village", reports.PRODUCERS)
    assert [(b.code, b.label) for b in report.bands] == [
        ("IR1", "Pemula"),
        ("IR2", "Berkembang"),
        ("IR3", "Maju"),
    ]
    table = report.table()
    assert table.headers == [
        "Village",
        "District",
        "IR1 Pemula",
        "IR2 Berkembang",
        "IR3 Maju",
        "Assessed",
        "Not assessed yet",
    ]
    assert table.rows == [["Lampegan", "Ibun", 0, 0, 1, 1, 0], ["Total", "", 0, 0, 1, 1, 0]]


def test_rows_per_village_district_and_regency_with_totals(places):
    for name, village, score in [
        ("Ani", places.lampegan, 3),
        ("Budi", places.lampegan, 9),
        ("Cici", places.laksana, 9),
        ("Dedeh", places.cipedes, 15),
        ("Euis", places.jayaraga, 2),
    ]:
        world.assess(producer(name, village), "2025-05-01", score)
    producer("Fitri", places.cipedes)  # never assessed
    on = D("2025-12-31")

    villages = reports.clusters_at(on, "village", reports.PRODUCERS)
    assert [(r.name, r.parent) for r in villages.rows] == [
        ("Cipedes", "Paseh"),
        ("Jayaraga", "Tarogong"),
        ("Laksana", "Ibun"),
        ("Lampegan", "Ibun"),
    ]
    assert counts(villages, "Lampegan") == ({"IR1": 1, "IR2": 1}, 0)
    assert counts(villages, "Cipedes") == ({"IR3": 1}, 1)

    districts = reports.clusters_at(on, "district", reports.PRODUCERS)
    assert counts(districts, "Ibun") == ({"IR1": 1, "IR2": 2}, 0)
    assert counts(districts, "Paseh") == ({"IR3": 1}, 1)
    assert next(r for r in districts.rows if r.name == "Ibun").parent == "Kabupaten Bandung"

    regencies = reports.clusters_at(on, "regency", reports.PRODUCERS)
    assert counts(regencies, "Kabupaten Bandung") == ({"IR1": 1, "IR2": 2, "IR3": 1}, 1)
    assert counts(regencies, "Kabupaten Garut") == ({"IR1": 1}, 0)
    assert dict(regencies.totals.counts) == {"IR1": 2, "IR2": 2, "IR3": 1}
    assert regencies.totals.assessed == 5 and regencies.totals.not_assessed == 1


def test_an_area_keeps_only_its_own_producers(places):
    world.assess(producer("Ani", places.lampegan), "2025-05-01", 3)
    world.assess(producer("Cici", places.laksana), "2025-05-01", 9)
    world.assess(producer("Dedeh", places.cipedes), "2025-05-01", 15)
    on = D("2025-12-31")

    in_ibun = reports.clusters_at(
        on, "village", reports.PRODUCERS, reports.Area("district", places.ibun.pk)
    )
    assert [r.name for r in in_ibun.rows] == ["Laksana", "Lampegan"]
    assert dict(in_ibun.totals.counts) == {"IR1": 1, "IR2": 1}

    in_village = reports.Area("village", places.cipedes.pk)
    assert dict(
        reports.clusters_at(on, "district", reports.PRODUCERS, in_village).totals.counts
    ) == {"IR3": 1}
    in_garut = reports.Area("regency", places.garut.pk)
    assert reports.clusters_at(on, "village", reports.PRODUCERS, in_garut).rows == []


def test_practice_shops_are_never_counted(places):
    ani = producer("Ani", places.lampegan)
    world.assess(ani, "2025-05-01", 3)
    practice = producer("Latihan Ani", places.lampegan, is_practice=True, practice_of=ani)
    practice_assessment(practice, "2025-05-02")
    producer("Latihan lain", places.laksana, is_practice=True)

    report = reports.clusters_at(D("2025-12-31"), "village", reports.PRODUCERS)
    assert [r.name for r in report.rows] == ["Lampegan"]
    assert counts(report, "Lampegan") == ({"IR1": 1}, 0)
    moved = reports.transitions(D("2025-01-01"), D("2025-12-31"), reports.PRODUCERS)
    assert moved.counts == {(None, "IR1"): 1}


def test_groups_are_counted_at_their_own_village(places):
    wanita = ProducerGroup.objects.create(name="KWT Mawar", village=places.cipedes)
    ProducerGroup.objects.create(name="Paguyuban Lampegan", village=places.lampegan)
    producer("Ani", places.lampegan, group=wanita)
    world.assess(wanita, "2025-05-01", 10)
    report = reports.clusters_at(D("2025-12-31"), "village", reports.GROUPS)
    assert counts(report, "Cipedes") == ({"IR2": 1}, 0)
    assert counts(report, "Lampegan") == ({}, 1)


def test_a_few_queries_whatever_the_number_of_producers(places, django_assert_num_queries):
    for index in range(12):
        ani = producer(f"Ani {index}", places.lampegan if index % 2 else places.cipedes)
        world.assess(ani, "2025-05-01", index)
        world.assess(ani, "2025-08-01", 18 - index)
    with django_assert_num_queries(3):
        report = reports.clusters_at(D("2025-12-31"), "district", reports.PRODUCERS)
    assert report.totals.assessed == 12
    with django_assert_num_queries(2):
        reports.transitions(D("2025-06-01"), D("2025-12-31"), reports.PRODUCERS)
    with django_assert_num_queries(3):
        reports.transition_list(
            D("2025-06-01"), D("2025-12-31"), ("IR1", "IR3"), reports.PRODUCERS, with_contacts=True
        )


# transitions ----------------------------------------------------------------


@pytest.fixture
def movers(places):
    """Five producers between 1 Jan and 31 Dec 2025, scored with the rubric's
    version 1 early on and its version 2 (moved band edges) later."""
    v2 = second_version()
    people = {
        name: producer(name, village)
        for name, village in [
            ("Ani", places.lampegan),
            ("Budi", places.lampegan),
            ("Cici", places.laksana),
            ("Dedeh", places.cipedes),
            ("Euis", places.cipedes),
            ("Fitri", places.cipedes),
        ]
    }
    world.assess(people["Ani"], "2024-11-01", 4)  # IR1 (v1)
    world.assess(people["Ani"], "2025-06-01", 6, version_=v2)  # IR2 under v2 (IR1 under v1)
    world.assess(people["Budi"], "2024-12-01", 9)  # IR2
    world.assess(people["Budi"], "2025-03-01", 11, version_=v2)  # IR2, stays
    world.assess(people["Cici"], "2024-12-31", 15)  # IR3 the day before the start
    world.assess(people["Cici"], "2025-09-01", 8, version_=v2)  # IR2: moved down
    world.assess(people["Dedeh"], "2025-04-01", 2, version_=v2)  # newly assessed IR1
    world.assess(people["Euis"], "2026-02-01", 17, version_=v2)  # after the end: not counted
    return people


def test_transitions_compare_bands_by_code_across_rubric_versions(movers):
    report = reports.transitions(D("2025-01-01"), D("2025-12-31"), reports.PRODUCERS)
    assert report.counts == {
        ("IR1", "IR2"): 1,
        ("IR2", "IR2"): 1,
        ("IR3", "IR2"): 1,
        (None, "IR1"): 1,
    }
    assert report.pairs[("IR1", "IR2")] == [movers["Ani"].pk]
    assert report.summary == {"up": 1, "same": 1, "down": 1, "new": 1}
    assert [b.code for b in report.bands] == ["IR1", "IR2", "IR3"]
    matrix = {
        (before.code if before else None, after.code): count
        for before, cells in report.matrix()
        for after, _pair, count in cells
    }
    assert (
        matrix[(None, "IR1")] == 1 and matrix[("IR3", "IR2")] == 1 and matrix[("IR1", "IR3")] == 0
    )
    assert len(matrix) == 12  # not yet assessed + three bands, by three bands


def test_the_period_decides_what_counts(movers):
    early = reports.transitions(D("2024-01-01"), D("2024-12-31"), reports.PRODUCERS)
    assert early.counts == {(None, "IR1"): 1, (None, "IR2"): 1, (None, "IR3"): 1}
    later = reports.transitions(D("2025-12-31"), D("2026-06-30"), reports.PRODUCERS)
    assert later.counts == {
        ("IR2", "IR2"): 3,  # Ani, Budi and Cici
        ("IR1", "IR1"): 1,
        (None, "IR3"): 1,
    }
    with pytest.raises(reports.ReportError):
        reports.transitions(D("2025-12-31"), D("2025-01-01"), reports.PRODUCERS)


def test_a_move_on_the_first_day_counts_in_exactly_one_of_two_back_to_back_periods(places):
    sari = producer("Sari", places.lampegan)
    world.assess(sari, "2025-02-01", 4)  # IR1
    world.assess(sari, "2025-04-01", 9)  # IR2, on the first day of the second quarter
    first = reports.transitions(D("2025-01-01"), D("2025-03-31"), reports.PRODUCERS)
    second = reports.transitions(D("2025-04-01"), D("2025-06-30"), reports.PRODUCERS)
    assert first.counts == {(None, "IR1"): 1}
    assert second.counts == {("IR1", "IR2"): 1}
    year = reports.transitions(D("2025-02-01"), D("2025-12-31"), reports.PRODUCERS)
    assert year.counts == {(None, "IR2"): 1}  # first assessed on the period's first day


def test_transitions_within_an_area(movers, places):
    in_cipedes = reports.Area("village", places.cipedes.pk)
    report = reports.transitions(D("2025-01-01"), D("2025-12-31"), reports.PRODUCERS, in_cipedes)
    assert report.counts == {(None, "IR1"): 1}


def test_the_list_behind_a_number(movers, places):
    ani = movers["Ani"]
    ani.group = ProducerGroup.objects.create(name="KWT Mawar", village=places.lampegan)
    ani.whatsapp = "0812 3456 7890"
    ani.save()
    user = factories.UserFactory()
    Account.objects.create(user=user, phone="+6281211112222")
    ani.users.add(user)

    listed = reports.transition_list(
        D("2025-01-01"), D("2025-12-31"), ("IR1", "IR2"), reports.PRODUCERS, with_contacts=True
    )
    (row,) = listed.rows
    assert row.subject.name == "Ani" and row.subject.group == "KWT Mawar"
    assert (row.before.score, row.before.code, row.before.on) == (4, "IR1", D("2024-11-01"))
    assert (row.after.score, row.after.code, row.after.on) == (6, "IR2", D("2025-06-01"))
    assert row.phone == "+6281211112222, 0812 3456 7890"
    table = listed.table()
    assert table.rows[0][:4] == ["Ani", "Lampegan", "Ibun", "KWT Mawar"]
    assert table.rows[0][4:10] == [4, "IR1", D("2024-11-01"), 6, "IR2", D("2025-06-01")]
    assert table.rows[0][-1] == "+6281211112222, 0812 3456 7890"

    hidden = reports.transition_list(
        D("2025-01-01"), D("2025-12-31"), ("IR1", "IR2"), reports.PRODUCERS, with_contacts=False
    )
    assert hidden.rows[0].phone == "" and not hidden.shows_phone
    assert len(hidden.table().headers) == len(table.headers) - 1
    assert "8121111" not in repr(hidden.table().rows)

    new = reports.transition_list(
        D("2025-01-01"), D("2025-12-31"), reports.parse_pair("-IR1"), reports.PRODUCERS
    )
    assert [row.subject.name for row in new.rows] == ["Dedeh"]
    assert new.rows[0].before is None
    down = reports.transition_list(
        D("2025-01-01"), D("2025-12-31"), ("IR3", "IR2"), reports.PRODUCERS
    )
    assert [row.subject.name for row in down.rows] == ["Cici"]


def test_pairs_are_read_strictly():
    assert reports.parse_pair("IR1-IR2") == ("IR1", "IR2")
    assert reports.parse_pair("-IR3") == (None, "IR3")
    for bad in ("", "IR1", "IR1-", "IR1-IR2-IR3"):
        with pytest.raises(reports.ReportError):
            reports.parse_pair(bad)


# sales_by_month -------------------------------------------------------------

_numbers = iter(range(1, 10**6))


def sell(lines, when, shipping="pickup", status="paid"):
    """An order placed at `when` (local "YYYY-MM-DD HH:MM") with `lines`
    [(producer, quantity, line price)] and its payment in `status`."""
    placed = timezone.make_aware(datetime.datetime.fromisoformat(when))
    total = sum(Decimal(price) for _p, _q, price in lines)
    order = Order.objects.create(
        number=f"T{next(_numbers)}",
        currency="IDR",
        total_incl_tax=total,
        total_excl_tax=total,
        shipping_incl_tax=0,
        shipping_excl_tax=0,
        shipping_code=shipping,
        status="Paid",
        date_placed=placed,
    )
    for partner, quantity, price in lines:
        Line.objects.create(
            order=order,
            partner=partner,
            partner_name=partner.name,
            partner_sku=f"SKU-{partner.pk}",
            title="Keripik",
            quantity=quantity,
            line_price_incl_tax=Decimal(price),
            line_price_excl_tax=Decimal(price),
            line_price_before_discounts_incl_tax=Decimal(price),
            line_price_before_discounts_excl_tax=Decimal(price),
            num_allocated=0,
        )
    Payment.objects.create(order=order, method="cod", status=status, amount_due=total)
    return order


def test_sales_per_month_count_paid_orders_of_real_producers(places):
    ani = producer("Ani", places.lampegan)
    budi = producer("Budi", places.cipedes)
    practice = producer("Latihan", places.lampegan, is_practice=True)
    sell([(ani, 2, 30000)], "2025-03-05 10:00")
    sell([(ani, 1, 15000), (budi, 1, 40000)], "2025-03-31 23:30", "delivery-outside_village")
    sell([(budi, 3, 60000)], "2025-04-01 00:10", "delivery-outside_regency")
    sell([(ani, 5, 99000)], "2025-04-02 09:00", status="awaiting")  # not paid
    sell([(practice, 1, 20000)], "2025-04-03 09:00")  # a practice shop
    sell([(ani, 1, 10000)], "2025-06-01 09:00", "delivery-village")  # after the end

    report = sales_report.sales_by_month(D("2025-02-15"), D("2025-05-31"))
    assert [m.month for m in report.months] == [D(f"2025-0{n}-01") for n in (2, 3, 4, 5)]
    february, march, april, may = report.months
    assert len(february.orders) == 0 and february.outside_share is None
    assert (len(march.orders), march.items, march.sales, len(march.producers)) == (
        2,
        4,
        Decimal(85000),
        2,
    )
    assert march.orders_in("village") == 1 and march.orders_in("outside_village") == 1
    assert march.outside_share == 0.5
    assert (len(april.orders), april.items, april.sales, len(april.producers)) == (
        1,
        3,
        Decimal(60000),
        1,
    )
    assert april.outside_share == 1
    assert len(report.totals.orders) == 3 and report.totals.sales == Decimal(145000)
    assert len(report.totals.producers) == 2

    table = report.table()
    assert table.rows[1][:5] == [D("2025-03-01"), 2, 4, Decimal(85000), 2]
    assert table.rows[1][-1] == 50.0
    assert table.rows[-1][1:5] == [3, 7, Decimal(145000), 2]
    assert len(table.headers) == 5 + len(DeliveryZone.choices) + 1


def test_sales_within_an_area_keep_only_its_producers_lines(places):
    ani = producer("Ani", places.lampegan)
    budi = producer("Budi", places.cipedes)
    sell([(ani, 1, 15000), (budi, 1, 40000)], "2025-03-10 10:00")
    in_ibun = reports.Area("district", places.ibun.pk)
    report = sales_report.sales_by_month(D("2025-03-01"), D("2025-03-31"), in_ibun)
    assert report.totals.sales == Decimal(15000)
    assert len(report.totals.orders) == 1 and len(report.totals.producers) == 1


def test_zones_of_shipping_codes():
    assert sales_report.zone_of("pickup") == "village"
    assert sales_report.zone_of("delivery-village") == "village"
    assert sales_report.zone_of("delivery-outside_province") == "outside_province"
    assert sales_report.zone_of("delivery-mars") == sales_report.UNKNOWN_ZONE
    assert sales_report.zone_of("") == sales_report.UNKNOWN_ZONE


def test_an_order_placed_and_paid_through_checkout_counts_once_paid(ibun, places):
    from tests.programme import sales

    ani = producer("Ani", places.lampegan, site=ibun)
    product = factories.ProductFactory(producer=ani, stock=10, stock__price=25000)
    operator = world.make_operator()
    shipping = "delivery-outside_village"
    sales.sell([(product, 2)], shipping=shipping, placed=D("2025-03-10"), by=operator)
    sales.sell(product, placed=D("2025-03-11"), paid=False)
    report = sales_report.sales_by_month(D("2025-03-01"), D("2025-03-31"))
    totals = report.totals
    assert (len(totals.orders), totals.items, totals.sales) == (1, 2, Decimal(50000))
    assert totals.orders_in("outside_village") == 1 and totals.outside_share == 1
