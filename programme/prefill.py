"""Answers the platform already knows, suggested to the assessor.

Each source reads what producers actually did on the platform (orders,
payments, the formality checklist, partner institutions...) up to the
assessment date and suggests one answer value, with the evidence in words.
A rubric indicator names its source (IndicatorBlock.prefill); the suggestion
is used only when one of the indicator's answer options has that value
(OptionBlock.value), and the assessor can always change it.

Values each source may suggest:

===========================  ==================================================
business_permit              yes, no
business_age                 under_1, 1_2, over_2
institutional_form           group, association, forum, cooperative
institutional_support        none, little, supportive
supporting_institutions      none, government, university, bank, business,
                             other, combination
marketing_zone               village, outside_village, outside_district,
                             outside_regency, outside_province
market_reach                 local, out_of_town, national, export
payment                      cash, non_cash
value_added                  under_25, 25_50, 50_75, over_75
profit_trend                 down, stable, up
===========================  ==================================================
"""

import datetime
import statistics
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from oscar.core.loading import get_model

from programme.models import Institution, PrefillSource, Support
from storefront.delivery import DeliveryZone
from storefront.money import format_rupiah
from vendors.statuses import CANCELLED

Partner = get_model("partner", "Partner")
ProducerGroup = get_model("partner", "ProducerGroup")
PriceCalculation = get_model("partner", "PriceCalculation")
Order = get_model("order", "Order")
Line = get_model("order", "Line")

PAID = "paid"  # Payment.Status.PAID
CASH = "cod"  # the one payment method paid in cash
ZONES = list(DeliveryZone)  # nearest first
REACH = {
    DeliveryZone.VILLAGE: "local",
    DeliveryZone.OUTSIDE_VILLAGE: "local",
    DeliveryZone.OUTSIDE_DISTRICT: "local",
    DeliveryZone.OUTSIDE_REGENCY: "out_of_town",
    DeliveryZone.OUTSIDE_PROVINCE: "national",  # export is never known here
}
FORMS = {
    ProducerGroup.Kind.KELOMPOK: "group",
    ProducerGroup.Kind.PAGUYUBAN: "association",
    ProducerGroup.Kind.KOPERASI: "cooperative",
    ProducerGroup.Kind.CREDIT_UNION: "cooperative",
}
SUPPORTERS = {
    Institution.Kind.GOVERNMENT: "government",
    Institution.Kind.UNIVERSITY: "university",
    Institution.Kind.BANK: "bank",
    Institution.Kind.BUSINESS: "business",
    Institution.Kind.NGO: "other",
    Institution.Kind.COOPERATIVE: "other",
}
STABLE = Decimal("0.10")  # sales within ±10 % of the year before are stable


class Suggestion(NamedTuple):
    value: str
    evidence: str  # in words for the assessor: "12 of 15 orders paid non-cash"


# --- whose data, and when -----------------------------------------------------


def _is_group(subject):
    return isinstance(subject, ProducerGroup)


def _producers(subject):
    """Whose data speaks for `subject`: herself, or a group's real (not
    practice) members. Lazy, so other queries use it as a subquery."""
    if _is_group(subject):
        return Partner.objects.filter(group=subject, is_practice=False)
    return Partner.objects.filter(pk=subject.pk)


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def _start_of(day):
    """The first moment of `day` in the shop's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _year_to(on_date, years_back=0):
    """[start, end) of the 12 months ending with `on_date` (included), or
    of the 12 months `years_back` years before those."""
    last = _add_years(on_date, -years_back)
    return _start_of(_add_years(last, -1) + datetime.timedelta(days=1)), _start_of(
        last + datetime.timedelta(days=1)
    )


def _paid_orders(subject, on_date):
    """Paid orders of the 12 months up to `on_date` with a line of hers."""
    start, end = _year_to(on_date)
    return Order.objects.filter(
        lines__partner__in=_producers(subject),
        payment__status=PAID,
        date_placed__gte=start,
        date_placed__lt=end,
    )


def _supporters(subject, on_date):
    """{institution id: kind} of the institutions supporting her (or the
    group's members) since `on_date` or earlier, or since an unknown date."""
    supports = Support.objects.filter(producer__in=_producers(subject)).filter(
        Q(since__isnull=True) | Q(since__lte=on_date)
    )
    return dict(supports.order_by().values_list("institution_id", "institution__kind").distinct())


# --- formality and profile ----------------------------------------------------


def business_permit(subject, on_date):
    """A permit of any kind (Partner.has_business_permit); a group has one
    when more than half of its members do. The checklist keeps no dates, so
    it is read as it is today."""
    if not _is_group(subject):
        if subject.has_business_permit:
            return Suggestion("yes", _("Her formality checklist has a business permit or NIB."))
        return Suggestion("no", _("Her formality checklist has no business permit or NIB yet."))
    members = list(_producers(subject).only("pk", "business_permit", "nib"))
    if not members:
        return None
    holders = sum(member.has_business_permit for member in members)
    evidence = ngettext(
        "%(count)s of %(total)s member has a business permit or NIB.",
        "%(count)s of %(total)s members have a business permit or NIB.",
        len(members),
    ) % {"count": holders, "total": len(members)}
    return Suggestion("yes" if holders * 2 > len(members) else "no", evidence)


def business_age(subject, on_date):
    """Years from Partner.business_started to `on_date`: under 1, 1 to 2
    (both included), more than 2. A group is as old as its oldest member's
    business."""
    started = (
        _producers(subject)
        .filter(business_started__isnull=False, business_started__lte=on_date)
        .order_by("business_started")
        .values_list("business_started", flat=True)
        .first()
    )
    if started is None:
        return None
    if on_date < _add_years(started, 1):
        value = "under_1"
    elif on_date <= _add_years(started, 2):
        value = "1_2"
    else:
        value = "over_2"
    when = formats.date_format(started, "j F Y")
    if _is_group(subject):
        evidence = _("The oldest member's business started on %(date)s.") % {"date": when}
    else:
        evidence = _("Her business started on %(date)s (profile).") % {"date": when}
    return Suggestion(value, evidence)


def institutional_form(subject, on_date):
    """The kind of her group (or of the group itself)."""
    group = subject if _is_group(subject) else subject.group
    if group is None or group.kind not in FORMS:
        return None
    evidence = _("%(group)s is registered as: %(kind)s.") % {
        "group": group.name,
        "kind": group.get_kind_display(),
    }
    return Suggestion(FORMS[group.kind], evidence)


# --- partner institutions -----------------------------------------------------


def institutional_support(subject, on_date):
    """How many partner institutions support her: none, one (little), more."""
    count = len(_supporters(subject, on_date))
    if count == 0:
        return Suggestion("none", _("No partner institution is recorded as a supporter."))
    if _is_group(subject):
        evidence = ngettext(
            "%(count)s partner institution supports the members.",
            "%(count)s partner institutions support the members.",
            count,
        )
    else:
        evidence = ngettext(
            "%(count)s partner institution supports her.",
            "%(count)s partner institutions support her.",
            count,
        )
    return Suggestion("little" if count == 1 else "supportive", evidence % {"count": count})


def supporting_institutions(subject, on_date):
    """The kind of institution behind her (an NGO or a cooperative is
    "other"), or "combination" when institutions of several kinds do."""
    kinds = set(_supporters(subject, on_date).values())
    if not kinds:
        return Suggestion("none", _("No partner institution is recorded as a supporter."))
    value = SUPPORTERS.get(next(iter(kinds)), "other") if len(kinds) == 1 else "combination"
    labels = sorted(str(Institution.Kind(kind).label) for kind in kinds)
    return Suggestion(value, _("Supported by: %(kinds)s.") % {"kinds": ", ".join(labels)})


# --- orders and payments ------------------------------------------------------


def _farthest_zone(subject, on_date):
    """(farthest DeliveryZone, paid orders counted) of the last 12 months;
    a pick-up is sold in the village. None without paid orders."""
    codes = dict(
        _paid_orders(subject, on_date)
        .order_by()
        .values_list("shipping_code")
        .annotate(orders=Count("pk", distinct=True))
        .values_list("shipping_code", "orders")
    )
    reached, orders = [], 0
    for code, count in codes.items():
        if code == "pickup":
            zone = DeliveryZone.VILLAGE
        elif code.startswith("delivery-") and code.removeprefix("delivery-") in DeliveryZone.values:
            zone = DeliveryZone(code.removeprefix("delivery-"))
        else:  # a shipping method that says nothing of where it went
            continue
        reached.append(zone)
        orders += count
    if not reached:
        return None
    return max(reached, key=ZONES.index), orders


def _zone_evidence(zone, orders):
    return ngettext(
        "Farthest of %(count)s paid order in the last 12 months: %(zone)s.",
        "Farthest of %(count)s paid orders in the last 12 months: %(zone)s.",
        orders,
    ) % {"count": orders, "zone": zone.label}


def marketing_zone(subject, on_date):
    found = _farthest_zone(subject, on_date)
    if found is None:
        return None
    return Suggestion(found[0].value, _zone_evidence(*found))


def market_reach(subject, on_date):
    found = _farthest_zone(subject, on_date)
    if found is None:
        return None
    return Suggestion(REACH[found[0]], _zone_evidence(*found))


def payment(subject, on_date):
    """Non-cash when more than half of the paid orders of the last 12 months
    were paid other than cash on delivery."""
    counts = _paid_orders(subject, on_date).aggregate(
        total=Count("pk", distinct=True),
        cash=Count("pk", distinct=True, filter=Q(payment__method=CASH)),
    )
    total, cash = counts["total"], counts["cash"]
    if not total:
        return None
    evidence = ngettext(
        "%(count)s of %(total)s paid order in the last 12 months was paid non-cash.",
        "%(count)s of %(total)s paid orders in the last 12 months were paid non-cash.",
        total,
    ) % {"count": total - cash, "total": total}
    return Suggestion("non_cash" if (total - cash) * 2 > total else "cash", evidence)


def profit_trend(subject, on_date):
    """Her sales (paid, not cancelled lines) in the 12 months up to
    `on_date` against the 12 months before: up or down by more than 10 %,
    else stable. Sales stand in for profit, which the platform cannot see."""
    start, _end = _year_to(on_date, 1)
    middle, end = _year_to(on_date)  # middle == _end
    sales = (
        Line.objects.filter(
            partner__in=_producers(subject),
            order__payment__status=PAID,
            order__date_placed__gte=start,
            order__date_placed__lt=end,
        )
        .exclude(status=CANCELLED)
        .aggregate(
            now=Sum("line_price_incl_tax", filter=Q(order__date_placed__gte=middle)),
            before=Sum("line_price_incl_tax", filter=Q(order__date_placed__lt=middle)),
        )
    )
    now, before = sales["now"] or 0, sales["before"] or 0
    if now <= 0 or before <= 0:
        return None
    change = (Decimal(now) - Decimal(before)) / Decimal(before)
    value = "up" if change > STABLE else "down" if change < -STABLE else "stable"
    evidence = _(
        "Sales of the last 12 months: %(now)s; of the 12 months before: %(before)s (%(change)s %%)."
    ) % {
        "now": format_rupiah(now),
        "before": format_rupiah(before),
        "change": ("+" if change > 0 else "") + _percent(change * 100),
    }
    return Suggestion(value, evidence)


# --- pricing ------------------------------------------------------------------


def _percent(value):
    return formats.number_format(Decimal(value).quantize(Decimal("0.1")), 1)


def value_added(subject, on_date):
    """Value added % of her newest price calculation made by `on_date` (as
    vendors.pricing.latest_value_added, dated); for a group the median of
    its members' values."""
    newest = (
        PriceCalculation.objects.filter(
            producer=OuterRef("pk"), created_at__lt=_year_to(on_date)[1]
        )
        .order_by("-created_at", "-pk")
        .values("value_added_percent")[:1]
    )
    values = [
        value
        for value in _producers(subject)
        .annotate(value_added=Subquery(newest))
        .values_list("value_added", flat=True)
        if value is not None
    ]
    if not values:
        return None
    percent = Decimal(statistics.median(values))
    if percent < 25:
        value = "under_25"
    elif percent < 50:
        value = "25_50"
    elif percent < 75:
        value = "50_75"
    else:
        value = "over_75"
    if _is_group(subject):
        evidence = ngettext(
            "Median value added of %(count)s member's latest price calculation: %(percent)s %%.",
            "Median value added of %(count)s members' latest price calculations: %(percent)s %%.",
            len(values),
        ) % {"count": len(values), "percent": _percent(percent)}
    else:
        evidence = _("Value added of her latest price calculation: %(percent)s %%.") % {
            "percent": _percent(percent)
        }
    return Suggestion(value, evidence)


SOURCES = {
    PrefillSource.BUSINESS_PERMIT: business_permit,
    PrefillSource.BUSINESS_AGE: business_age,
    PrefillSource.INSTITUTIONAL_FORM: institutional_form,
    PrefillSource.INSTITUTIONAL_SUPPORT: institutional_support,
    PrefillSource.SUPPORTING_INSTITUTIONS: supporting_institutions,
    PrefillSource.MARKETING_ZONE: marketing_zone,
    PrefillSource.MARKET_REACH: market_reach,
    PrefillSource.PAYMENT: payment,
    PrefillSource.VALUE_ADDED: value_added,
    PrefillSource.PROFIT_TREND: profit_trend,
}


def suggest(source, subject, on_date):
    """The answer `source` (a PrefillSource value) suggests for `subject` (a
    producer or a group) from platform data up to `on_date`, or None when
    the platform does not know."""
    function = SOURCES.get(source)
    return function(subject, on_date) if function else None
