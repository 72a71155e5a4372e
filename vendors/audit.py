"""The audit log a producer reads: what others changed in her shop.

Changes a producer makes herself are not logged; changes by a facilitator
(or anyone else acting for her) always are, in words she can read:
"Product 'Keripik' edited by facilitator Dewi".
"""

from oscar.core.loading import get_model

from vendors import access

AuditEntry = get_model("partner", "AuditEntry")


def actor_name(user):
    return user.get_full_name() or user.get_username()


def record(producer, actor, action):
    """Log `action` (already-translated text) on the producer's shop if the
    actor is not the producer herself. Returns the entry or None."""
    if access.is_own_shop(actor, producer):
        return None
    return AuditEntry.objects.create(
        producer=producer, actor=actor, actor_name=actor_name(actor), action=str(action)
    )
