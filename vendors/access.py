"""Who may see which orders and order lines.

One order can hold products of several producers (each order line has its
Oscar partner). A producer must only ever see and act on her own lines: the
other producers' products, prices and the order total are not hers to know.
Shop operators (staff) see everything.

These are plain functions over querysets so views, exports and the API all
ask the same question the same way.
"""

from functools import cache

from django.db.models import Prefetch, Q
from oscar.core.loading import get_model

Partner = get_model("partner", "Partner")
Order = get_model("order", "Order")
Line = get_model("order", "Line")


def is_operator(user):
    """Shop operators are Django staff: they run the shop and see all orders.

    Producers get the dashboard through the partner.dashboard_access
    permission and are never staff, so staff is the one line between
    "sees everything" and "sees her own lines".
    """
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def producer_partners(user):
    """The producers (Oscar partners) whose orders this user sees in the
    Oscar dashboard.

    Partner.users lists a producer's own sign-in accounts only. Facilitators
    are not listed there: they act for producers through their assignments
    to groups and villages (FacilitatorAssignment), which only the portal
    honours (see managed_producers). Anonymous users act for nobody.
    """
    if not (user and user.is_authenticated):
        return Partner.objects.none()
    return Partner.objects.filter(users=user)


def visible_lines(user, order):
    """The lines of `order` this user may see and act on.

    Operators see every line; a producer only the lines she supplies, so a
    mixed order never reveals what (or for how much) another producer sold.
    """
    lines = order.lines.all()
    if is_operator(user):
        return lines
    return lines.filter(partner__in=producer_partners(user))


def orders_for_user(user):
    """Orders this user may open in the dashboard.

    Operators: all orders. Producers: orders that have at least one line of
    theirs (distinct, because several of her lines would repeat the order).
    """
    orders = Order.objects.all()
    if is_operator(user):
        return orders
    return orders.filter(lines__partner__in=producer_partners(user)).distinct()


def managed_producers(user):
    """Producers this user may act for in the producer portal.

    A producer acts for her own shop (Partner.users). A facilitator
    (pendamping) also acts for every producer of the groups and villages she
    is assigned to (FacilitatorAssignment, following Partner.group and
    Partner.village), and never for anyone else. A deactivated producer
    (Partner.is_active off) is acted for by nobody: neither she nor her
    facilitators reach her shop in the portal. Operators use the Oscar
    dashboard, not the portal, so being staff grants nothing here.
    """
    if not (user and user.is_authenticated and user.is_active):
        return Partner.objects.none()
    return Partner.objects.filter(
        Q(users=user)
        | Q(group__facilitator_assignments__facilitator=user)
        | Q(village__facilitator_assignments__facilitator=user),
        is_active=True,
    ).distinct()


def acts_for(request, producer_id):
    """Does the visitor of this request act for the producer (see
    managed_producers)? Several parts of one page ask it (the share buttons'
    ref, the view counter): answered once per request and producer, and with
    no query at all for anonymous visitors."""
    user = getattr(request, "user", None)
    if producer_id is None or user is None or not user.is_authenticated:
        return False
    known = request.__dict__.setdefault("_acts_for", {})
    if producer_id not in known:
        known[producer_id] = managed_producers(user).filter(pk=producer_id).exists()
    return known[producer_id]


def is_own_shop(user, producer):
    """True when the user is the producer herself, not someone acting for her."""
    return producer.users.filter(pk=user.pk).exists()


def producer_lines(producer):
    """The order lines `producer` supplies, in every order: what her order
    pages and her totals are built from."""
    return Line.objects.filter(partner=producer)


def producer_lines_in_order(producer, order):
    """Her lines of one order, oldest first, each with its fulfilment
    history: what her order page shows (in the portal and the API)."""
    FulfilmentEvent = get_model("partner", "FulfilmentEvent")
    return list(
        producer_lines(producer)
        .filter(order=order)
        .select_related("stockrecord")
        .prefetch_related(
            Prefetch(
                "fulfilment_events",
                queryset=FulfilmentEvent.objects.order_by("created_at", "pk"),
            )
        )
        .order_by("pk")
    )


# --- producer codes ----------------------------------------------------------


@cache
def portal_reserved_codes():
    """The portal's own first path segments (masuk/, keluar/, reset/...).

    Portal URLs are /jual/<producer code>/..., and the literal pages come
    first: a producer whose code were "masuk" would get the sign-in page
    instead of her shop. Read from the portal's URL patterns, so a new
    literal page is reserved too."""
    from vendors.portal.urls import urlpatterns

    words = set()
    for pattern in urlpatterns:
        first = str(pattern.pattern).split("/", 1)[0]
        if first and "<" not in first:
            words.add(first)
    return frozenset(words)


def free_producer_code(code, exclude_pk=None):
    """`code`, or when the portal reserves it the first free "code-2",
    "code-3"..."""
    if code not in portal_reserved_codes():
        return code
    taken = Partner._default_manager.all()
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    number = 2
    while taken.filter(code=f"{code}-{number}").exists():
        number += 1
    return f"{code}-{number}"


def keep_producer_codes_off_portal_paths(sender, instance, raw=False, **kwargs):
    """pre_save of Partner: never store a reserved code.

    Oscar makes Partner.code from the name (AutoSlugField) only after this
    signal, when the code is still empty: the same slug is computed here and,
    if reserved, a free one is set instead (the field keeps a code that is
    already set). Fixtures (raw) are loaded as they are."""
    if raw:
        return
    code = instance.code
    if not code and instance._state.adding:
        code = sender._meta.get_field("code").slugify_func(instance.name)
    if code and code in portal_reserved_codes():
        instance.code = free_producer_code(code, exclude_pk=instance.pk)
