"""Who may see which orders and order lines.

One order can hold products of several producers (each order line has its
Oscar partner). A producer must only ever see and act on her own lines: the
other producers' products, prices and the order total are not hers to know.
Shop operators (staff) see everything.

These are plain functions over querysets so views, exports and the API all
ask the same question the same way.
"""

from django.db.models import Q
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
    """The producers (Oscar partners) this user may act for.

    A producer's account, or a facilitator acting for her, is listed in
    Partner.users. Anonymous users act for nobody.
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
    is assigned to, and never for anyone else. Operators use the Oscar
    dashboard, not the portal, so being staff grants nothing here.
    """
    if not (user and user.is_authenticated and user.is_active):
        return Partner.objects.none()
    return Partner.objects.filter(
        Q(users=user)
        | Q(group__facilitator_assignments__facilitator=user)
        | Q(village__facilitator_assignments__facilitator=user)
    ).distinct()


def is_own_shop(user, producer):
    """True when the user is the producer herself, not someone acting for her."""
    return producer.users.filter(pk=user.pk).exists()
