"""What the programme tests share: places, people in each role, and
assessments recorded through the real service."""

import datetime

from django.contrib.auth.models import Group, Permission
from oscar.core.loading import get_model

from programme import access, assessments, rubrics
from programme.models import Rubric
from tests import factories

FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")
ProducerGroup = get_model("partner", "ProducerGroup")


def rubric():
    """The seeded field-study rubric (programme/migrations/0002)."""
    return Rubric.objects.order_by("pk").first()


def version():
    return rubrics.latest_version(rubric())


def make_partner_user(username="mitra", contacts=False):
    """A programme partner (the "Mitra Program" group); `contacts` also gives
    her programme.view_producer_contacts, as the operator may."""
    user = factories.UserFactory(username=username)
    user.groups.add(Group.objects.get(name=access.PARTNER_GROUP))
    if contacts:
        user.user_permissions.add(
            Permission.objects.get(
                codename="view_producer_contacts", content_type__app_label="programme"
            )
        )
    return user


def make_operator(username="operator"):
    return factories.UserFactory(username=username, is_staff=True)


def make_facilitator(username="pendamping", village=None, group=None):
    user = factories.UserFactory(username=username)
    FacilitatorAssignment.objects.create(facilitator=user, village=village, group=group)
    return user


def answers_scoring(definition, score):
    """Answers (one per indicator) that add up to exactly `score`: each
    indicator gets its highest answer while points remain, else its lowest."""
    chosen, left = {}, score
    for _variable, indicator in rubrics.indicators(definition):
        options = sorted(indicator["options"], key=lambda option: option["points"])
        pick = options[0]
        for option in options:
            if option["points"] - options[0]["points"] <= left:
                pick = option
        left -= pick["points"] - options[0]["points"]
        chosen[indicator["key"]] = pick["value"]
    if left:
        raise ValueError(f"the rubric cannot score {score}")
    return chosen


def assess(subject, on_date, score, version_=None, assessor=None):
    """Record an assessment of `subject` scoring `score` on `on_date`
    (a date or "YYYY-MM-DD")."""
    version_ = version_ or version()
    if isinstance(on_date, str):
        on_date = datetime.date.fromisoformat(on_date)
    return assessments.record(
        version_, subject, on_date, answers_scoring(version_.definition, score), assessor
    )
