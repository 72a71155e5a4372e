"""The audit log a producer reads: what others changed in her shop.

Changes a producer makes herself are not logged; changes by a facilitator,
an operator or anyone else acting for her always are. The message is stored
untranslated with its values, so each reader sees it in her own language:
"Produk “Keripik” diubah, oleh pendamping Dewi".

    audit.record(producer, user, gettext_noop("Stock of “%(title)s” set to %(count)s"),
                 title=product.title, count=5)
"""

from oscar.core.loading import get_model

from vendors import access
from vendors.models import AuditRole

AuditEntry = get_model("partner", "AuditEntry")
FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")


def actor_name(user):
    return user.get_full_name() or user.get_username()


def actor_role(user):
    if access.is_operator(user):
        return AuditRole.OPERATOR
    if FacilitatorAssignment.objects.filter(facilitator=user).exists():
        return AuditRole.FACILITATOR
    return AuditRole.OTHER


def record(producer, actor, message, **params):
    """Log `message` (marked with gettext_noop, not translated) with its
    values on the producer's shop, unless the actor is the producer herself.
    No actor means the shop's own processes did it. Returns the entry or
    None."""
    if actor is None:  # the shop itself: an unpaid order expired, say
        name, role = "Pasar Desa", AuditRole.SYSTEM
    elif access.is_own_shop(actor, producer):
        return None
    else:
        name, role = actor_name(actor), actor_role(actor)
    return AuditEntry.objects.create(
        producer=producer,
        actor=actor,
        actor_name=name,
        actor_role=role,
        message=str(message),
        params={name: str(value) for name, value in params.items()},
    )
