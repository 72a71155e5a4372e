"""When a producer's profile is complete: what a shopper needs to trust her.

The rule: a name, a story, a village, a photo and at least one contact she
chose to show. The first moment a save meets it is kept in
Partner.profile_completed_at (a trainee's checklist reads it: see
training.progress); emptying a field later never clears it, because the
step was reached all the same.
"""

from django.utils import timezone


def missing(producer):
    """The names of what the profile still lacks (empty when complete)."""
    checks = {
        "name": bool((producer.name or "").strip()),
        "story": bool((producer.story or "").strip()),
        "village": producer.village_id is not None,
        "photo": bool(producer.photo),
        "contact": bool(producer.public_contacts()),
    }
    return [name for name, present in checks.items() if not present]


def is_complete(producer):
    return not missing(producer)


def mark_profile_completed(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save of Partner: stamp profile_completed_at the first time the
    profile is complete, and never clear it.

    An instance loaded before the stamp was written (a page's copy of the
    producer) still holds None: the stored value is read back so that saving
    it neither clears nor moves the date. A save limited to some fields
    (update_fields) cannot write one more column, so the stamp then goes in
    its own UPDATE, only if none is stored yet. Fixtures (raw) load as they
    are."""
    if raw or instance.profile_completed_at is not None:
        return
    if instance.pk is not None and not instance._state.adding:
        stored = (
            sender._default_manager.filter(pk=instance.pk)
            .values_list("profile_completed_at", flat=True)
            .first()
        )
        if stored is not None:
            instance.profile_completed_at = stored
            return
    if not is_complete(instance):
        return
    now = timezone.now()
    instance.profile_completed_at = now
    if update_fields is not None and "profile_completed_at" not in update_fields:
        sender._default_manager.filter(pk=instance.pk, profile_completed_at__isnull=True).update(
            profile_completed_at=now
        )
