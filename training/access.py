"""Who may run which cohort.

Instructors hold the training.add_cohort permission (the demo's
"Instruktur" group); each sees and runs only the cohorts she teaches
(Cohort.instructors). Shop operators (staff) see every cohort. Anyone else
gets the same 404 as for a cohort that does not exist.
"""

from training.models import Cohort
from vendors import access


def can_create_cohorts(user):
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (access.is_operator(user) or user.has_perm("training.add_cohort"))
    )


def cohorts_for(user):
    """The cohorts this user may open and act on."""
    if not can_create_cohorts(user):
        return Cohort.objects.none()
    if access.is_operator(user):
        return Cohort.objects.all()
    return Cohort.objects.filter(instructors=user)
