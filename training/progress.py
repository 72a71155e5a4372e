"""A trainee's checklist, read from what she actually did.

Nobody ticks a step by hand: each step is the moment the data first shows
it, across her real shop and her practice shop (training.Enrolment), so an
instructor sees real progress and a trainee cannot be marked ahead of her
work. A whole cohort costs the same few grouped queries whatever its size
(one per source table, never one per trainee): the dashboard is opened on a
projector in front of 30 people.

The steps and what reaches them:

* profile: Partner.profile_completed_at of either shop
  (vendors.profile_completeness);
* photo_product: the first photo of a product that is not deleted;
* five_products: her 5th product (not deleted), both shops together;
* share: her first Share as sharer;
* fulfilled: her first line moved to Delivered, practice orders included;
* real_sale: the first line of her real shop that became a sale: its order
  paid (Payment.paid_at, as vendors.ledger.order_is_paid) or the line
  delivered (cash on delivery), whichever came first. Simulated orders
  never count, nor lines she cancelled.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Max, Min, Q, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from training.models import SimulatedOrder
from training.practice import PROMOTED_PREFIX
from vendors import phones
from vendors.statuses import CANCELLED, DELIVERED

Product = get_model("catalogue", "Product")
Line = get_model("order", "Line")
FulfilmentEvent = get_model("partner", "FulfilmentEvent")
Payment = get_model("payment", "Payment")

PRODUCTS_FOR_STEP = 5


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    short_label: str


STEPS = (
    Step("profile", _("Profile complete with photo"), _("Profile")),
    Step("photo_product", _("First product with a photo"), _("1st product")),
    Step("five_products", _("5 products"), _("5 products")),
    Step("share", _("First share"), _("1st share")),
    Step("fulfilled", _("First order fulfilled"), _("1st delivery")),
    Step("real_sale", _("First real sale"), _("1st real sale")),
)
STEP_KEYS = tuple(step.key for step in STEPS)


@dataclass
class TraineeProgress:
    enrolment: object
    reached: dict = field(default_factory=dict)  # step key -> datetime or None
    last_active: datetime.datetime | None = None

    @property
    def name(self):
        trainee = self.enrolment.trainee
        return trainee.get_full_name() or self.enrolment.producer.name or trainee.get_username()

    @property
    def phone(self):
        """Her sign-in number, else her shop's WhatsApp, as Indonesians
        write it."""
        account = getattr(self.enrolment.trainee, "account", None)
        number = (account.phone if account else None) or self.enrolment.producer.whatsapp
        return phones.to_local(number) or number or ""

    @property
    def steps(self):
        """(step, when) in checklist order; when is None until reached."""
        return [(step, self.reached.get(step.key)) for step in STEPS]

    @property
    def done(self):
        return sum(when is not None for when in self.reached.values())


def _earliest(*values):
    present = [value for value in values if value is not None]
    return min(present) if present else None


def _latest(*values):
    present = [value for value in values if value is not None]
    return max(present) if present else None


def cohort_progress(cohort):
    """Every trainee of the cohort with her checklist, in name order."""
    enrolments = list(
        cohort.enrolments.select_related(
            "trainee__account", "producer", "practice_producer"
        ).order_by("pk")
    )
    return progress_of(enrolments)


def progress_of(enrolments):
    """The checklists of these enrolments (with trainee, producer and
    practice_producer loaded), in a fixed number of queries."""
    shops = {}  # partner id -> the enrolments it belongs to (a shop may be shared)
    for enrolment in enrolments:
        for shop_id in (enrolment.producer_id, enrolment.practice_producer_id):
            shops.setdefault(shop_id, []).append(enrolment)
    real_ids = {enrolment.producer_id for enrolment in enrolments}
    ids = list(shops)

    by_shop = {shop_id: {} for shop_id in ids}  # partner id -> fact name -> datetime

    def collect(rows, key):
        for row in rows:
            facts = by_shop[row.pop(key)]
            for name, value in row.items():
                facts[name] = value

    collect(_product_facts(ids), "producer_id")
    collect(_share_facts(ids), "sharer_id")
    collect(_fulfilment_facts(ids), "line__partner_id")
    collect(_sale_facts(real_ids), "partner_id")
    fifth = _fifth_product_dates(enrolments)
    answered = _answer_facts(enrolments)

    results = []
    for enrolment in enrolments:
        facts = (by_shop[enrolment.producer_id], by_shop[enrolment.practice_producer_id])
        real = facts[0]

        def first(name, facts=facts):
            return _earliest(*(shop.get(name) for shop in facts))

        def last(name, facts=facts):
            return _latest(*(shop.get(name) for shop in facts))

        reached = {
            "profile": _earliest(
                enrolment.producer.profile_completed_at,
                enrolment.practice_producer.profile_completed_at,
            ),
            "photo_product": first("first_photo"),
            "five_products": fifth.get(enrolment.pk),
            "share": first("first_share"),
            "fulfilled": first("first_delivered"),
            "real_sale": _earliest(real.get("first_paid"), real.get("first_sale_delivered")),
        }
        last_active = _latest(
            enrolment.trainee.last_login,
            answered.get(enrolment.pk),
            *reached.values(),
            *map(last, ("last_product", "last_stock", "last_photo", "last_share", "last_event")),
        )
        results.append(TraineeProgress(enrolment, reached, last_active))
    results.sort(key=lambda progress: (progress.name.casefold(), progress.enrolment.pk))
    return results


def _product_facts(ids):
    """Per shop: the first photo of a live product, and the last change to
    any product, its stock or its photos."""
    if not ids:
        return []
    return (
        Product.objects.filter(producer_id__in=ids)
        .values("producer_id")
        .annotate(
            first_photo=Min("images__date_created", filter=Q(deleted_at__isnull=True)),
            last_product=Max(Coalesce("deleted_at", "date_updated")),
            last_stock=Max("stockrecords__date_updated"),
            last_photo=Max("images__date_created"),
        )
        .order_by()
    )


def _share_facts(ids):
    if not ids:
        return []
    return (
        get_model("sharing", "Share")
        .objects.filter(sharer_id__in=ids)
        .values("sharer_id")
        .annotate(first_share=Min("created_at"), last_share=Max("created_at"))
        .order_by()
    )


def _fulfilment_facts(ids):
    """Per shop: her first delivery (practice orders count) and her last step
    on any line."""
    if not ids:
        return []
    return (
        FulfilmentEvent.objects.filter(line__partner_id__in=ids)
        .values("line__partner_id")
        .annotate(
            first_delivered=Min("created_at", filter=Q(status=DELIVERED)),
            last_event=Max("created_at"),
        )
        .order_by()
    )


def _sale_facts(real_ids):
    """Per real shop: when a line of a real (not simulated) order first
    became a sale, by payment and by delivery."""
    if not real_ids:
        return []
    return (
        Line.objects.filter(partner_id__in=real_ids, order__simulation__isnull=True)
        .exclude(status=CANCELLED)
        .values("partner_id")
        .annotate(
            first_paid=Min(
                Coalesce("order__payment__paid_at", "order__date_placed"),
                filter=Q(order__payment__status=Payment.Status.PAID),
            ),
            first_sale_delivered=Min(
                "fulfilment_events__created_at",
                filter=Q(fulfilment_events__status=DELIVERED),
            ),
        )
        .order_by()
    )


def _fifth_product_dates(enrolments):
    """Enrolment id -> when her 5th live product (both shops together) was
    created. Each shop's first five are enough to know: one query with a
    window function, at most five rows a shop."""
    ids = {shop_id for e in enrolments for shop_id in (e.producer_id, e.practice_producer_id)}
    if not ids:
        return {}
    rows = (
        Product.objects.filter(producer_id__in=ids, deleted_at__isnull=True)
        .exclude(structure=Product.CHILD)
        # A practice product moved to her real shop is one product, not two.
        .exclude(code__startswith=PROMOTED_PREFIX)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("producer_id")],
                order_by=[F("date_created").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=PRODUCTS_FOR_STEP)
        .values_list("producer_id", "date_created")
    )
    dates = {}
    for producer_id, created in rows:
        dates.setdefault(producer_id, []).append(created)
    fifth = {}
    for enrolment in enrolments:
        mine = sorted(
            dates.get(enrolment.producer_id, []) + dates.get(enrolment.practice_producer_id, [])
        )
        if len(mine) >= PRODUCTS_FOR_STEP:
            fifth[enrolment.pk] = mine[PRODUCTS_FOR_STEP - 1]
    return fifth


def _answer_facts(enrolments):
    """Enrolment id -> when she last answered a simulated buyer."""
    if not enrolments:
        return {}
    rows = (
        SimulatedOrder.objects.filter(enrolment__in=enrolments, answered_at__isnull=False)
        .values("enrolment_id")
        .annotate(last=Max("answered_at"))
        .order_by()
    )
    return {row["enrolment_id"]: row["last"] for row in rows}


# --- over time ----------------------------------------------------------------


def chart_days(cohort, today=None):
    """The cohort's days from its start to today, or to its end once over."""
    today = today or timezone.localdate()
    last = max(min(today, cohort.ends_on), cohort.starts_on)
    return [
        cohort.starts_on + datetime.timedelta(days=offset)
        for offset in range((last - cohort.starts_on).days + 1)
    ]


def cumulative_by_day(cohort, progress=None, today=None):
    """For the chart: (days, {step key: [trainees who had reached the step by
    the end of each day]}). A step reached before the cohort began counts
    from its first day."""
    progress = cohort_progress(cohort) if progress is None else progress
    days = chart_days(cohort, today)
    series = {}
    for step in STEPS:
        reached_on = sorted(
            timezone.localdate(row.reached[step.key])
            for row in progress
            if row.reached.get(step.key) is not None
        )
        counts, index = [], 0
        for day in days:
            while index < len(reached_on) and reached_on[index] <= day:
                index += 1
            counts.append(index)
        series[step.key] = counts
    return days, series
