"""The programme demo: partner institutions supporting Ibun Store's
producers, some business papers, and a year of quarterly cluster
assessments, so a programme partner's report shows movement between IR1,
IR2 and IR3 (the script is programme.demo_data).

Called by seed_demo after the training demo. Idempotent like the rest of
the demo: institutions and supports are found by name, a paper is written
only into an empty field, and a producer or group that already has any
assessment is left alone, so a second run (even months later) adds
nothing. Practice shops are never assessed.
"""

import datetime
from collections import Counter

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from programme import access, assessments, rubrics
from programme import demo_data as data
from programme.models import Assessment, Institution, Rubric, Support

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProducerGroup = get_model("partner", "ProducerGroup")

FACILITATOR = "fasilitator"  # storefront.demo_data.USERS


def load(site, operator):
    """Load the programme demo for the village shop `site`; `operator`
    assesses the producers the demo facilitator does not look after.
    Returns the number of assessments recorded."""
    today = timezone.localdate()
    with transaction.atomic():
        producers = {
            producer.name: producer
            for producer in Partner.objects.filter(site=site, is_practice=False, is_active=True)
            .select_related("group")
            .order_by("pk")
        }
        institutions = _institutions()
        _supports(institutions, producers, today)
        _papers(producers, today)
        version = _version()
        if version is None:
            return 0
        facilitator = get_user_model().objects.filter(username=FACILITATOR).first()
        helped = set(
            access.assessable_producers(facilitator).values_list("pk", flat=True)
            if facilitator
            else []
        )
        recorded = 0
        for name, producer in producers.items():
            assessor = facilitator if producer.pk in helped else operator
            recorded += _assess_producer(version, producer, name, assessor, today)
        recorded += _assess_group(version, site, facilitator or operator, today)
    return recorded


def _version():
    rubric = Rubric.objects.order_by("pk").first()
    return rubrics.latest_version(rubric) if rubric else None


def _institutions():
    return {
        name: Institution.objects.get_or_create(name=name, defaults={"kind": kind, "notes": notes})[
            0
        ]
        for name, kind, notes in data.INSTITUTIONS
    }


def _supports(institutions, producers, today):
    for institution_name, producer_name, days_ago, note in data.SUPPORTS:
        producer = producers.get(producer_name)
        if producer is None:
            continue
        Support.objects.get_or_create(
            institution=institutions[institution_name],
            producer=producer,
            defaults={"since": today - datetime.timedelta(days=days_ago), "note": note},
        )


def _months_ago(today, months):
    """The first day of the month `months` before today's."""
    index = today.year * 12 + today.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _papers(producers, today):
    for name, papers in data.PAPERS.items():
        producer = producers.get(name)
        if producer is None:
            continue
        changed = []
        for field, value in papers.items():
            if field == "business_started":
                if producer.business_started is None:
                    producer.business_started = _months_ago(today, value)
                    changed.append(field)
            elif not getattr(producer, field).strip():
                setattr(producer, field, value)
                changed.append(field)
        if changed:
            for field in changed:  # the demo's numbers pass the form's validators
                producer._meta.get_field(field).clean(getattr(producer, field), producer)
            producer.save(update_fields=changed)


def _assess_producer(version, producer, name, assessor, today):
    if Assessment.objects.filter(producer=producer).exists():
        return 0
    journey = data.JOURNEYS.get(name, {})
    answers = {**data.DEFAULT_ANSWERS, **journey.get("first", {})}
    changes = [{}, *journey.get("changes", [])]
    notes = journey.get("notes", [])
    derived = _derived(producer)
    for stage, days_ago in enumerate(data.ASSESSMENT_DAYS_AGO):
        on_date = today - datetime.timedelta(days=days_ago)
        if stage < len(changes):
            answers.update(changes[stage])
        assessments.record(
            version,
            producer,
            on_date,
            _fit(version.definition, {**answers, **derived(on_date)}),
            assessor,
            notes=notes[stage] if stage < len(notes) else "",
        )
    return len(data.ASSESSMENT_DAYS_AGO)


def _derived(producer):
    """The answers that follow from platform data, as a function of the
    assessment date: what she sells, her group, how old her business is,
    and which institutions supported her by then."""
    classes = Counter(
        Product.objects.filter(producer=producer).values_list("product_class__name", flat=True)
    )
    category = next(
        (
            data.CATEGORY_OF_CLASS[name]
            for name, _n in classes.most_common()
            if name in data.CATEGORY_OF_CLASS
        ),
        "",
    )
    form = data.FORM_OF_GROUP_KIND.get(producer.group.kind, "group") if producer.group else "group"
    supports = list(producer.supports.select_related("institution"))

    def on(date):
        kinds = {
            data.SUPPORTING_OF_KIND[support.institution.kind]
            for support in supports
            if support.since is None or support.since <= date
        }
        if len(kinds) > 1:
            supporting = "combination"
        else:
            supporting = kinds.pop() if kinds else "none"
        return {
            "category": category,
            "institutional_form": form,
            "business_age": _business_age(producer.business_started, date),
            "supporting_institutions": supporting,
        }

    return on


def _business_age(started, on_date):
    if started is None:
        return "1_2"
    years = (on_date - started).days / 365.25
    if years < 1:
        return "under_1"
    return "1_2" if years <= 2 else "over_2"


def _fit(definition, answers):
    """The scripted answers for the rubric as the operator has it now: an
    indicator the script does not know, or an answer it no longer offers,
    gets its lowest-scoring answer."""
    fitted = {}
    for _variable, indicator in rubrics.indicators(definition):
        values = {option["value"] for option in indicator["options"]}
        value = answers.get(indicator["key"])
        if value not in values:
            value = min(indicator["options"], key=lambda option: option["points"])["value"]
        fitted[indicator["key"]] = value
    return fitted


def _assess_group(version, site, assessor, today):
    name, days_ago, answers, notes = data.GROUP_ASSESSMENT
    group = ProducerGroup.objects.filter(name=name, members__site=site).distinct().first()
    if group is None or Assessment.objects.filter(group=group).exists():
        return 0
    on_date = today - datetime.timedelta(days=days_ago)
    assessments.record(
        version, group, on_date, _fit(version.definition, answers), assessor, notes=notes
    )
    return 1
