"""Who may assess whom, and who may read programme reports.

* Shop operators (staff) do everything and see contacts.
* A facilitator assesses the producers and groups she is assigned to
  (vendors.models.FacilitatorAssignment), never her own shop.
* A programme partner (a Dinas PPPA officer, a bank, a university: the group
  PARTNER_GROUP holding programme.view_programme_report) reads the reports:
  aggregates and producers' names and villages, which are public anyway,
  but no phone number or other contact unless the operator also gives her
  programme.view_producer_contacts.
"""

from django.db.models import Q
from oscar.core.loading import get_model

from vendors.access import is_operator, managed_producers

Partner = get_model("partner", "Partner")
ProducerGroup = get_model("partner", "ProducerGroup")

PARTNER_GROUP = "Mitra Program"


def _holds(user, permission):
    return bool(user.is_authenticated and user.is_active and user.has_perm(permission))


def can_read_reports(user):
    return is_operator(user) or _holds(user, "programme.view_programme_report")


def sees_contacts(user):
    return is_operator(user) or _holds(user, "programme.view_producer_contacts")


def assessable_producers(user):
    """Real (not practice) producers this user may assess."""
    if is_operator(user):
        producers = Partner.objects.all()
    else:
        producers = managed_producers(user).exclude(users=user)
    return producers.filter(is_practice=False)


def assessable_groups(user):
    if is_operator(user):
        return ProducerGroup.objects.all()
    if not (user.is_authenticated and user.is_active):
        return ProducerGroup.objects.none()
    return ProducerGroup.objects.filter(
        Q(facilitator_assignments__facilitator=user)
        | Q(village__facilitator_assignments__facilitator=user)
    ).distinct()


def can_assess(user):
    """Operators, and facilitators with at least one assignment."""
    return is_operator(user) or bool(
        user.is_authenticated and user.is_active and user.facilitator_assignments.exists()
    )
