"""Recording a cluster assessment: suggested answers in, a scored and
banded assessment out, all or nothing."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from programme import prefill, rubrics
from programme.forms_reports import FIRST_DAY
from programme.models import Answer, Assessment

Partner = get_model("partner", "Partner")
ProducerGroup = get_model("partner", "ProducerGroup")


class AssessmentError(ValueError):
    """An assessment that cannot be recorded; `errors` maps form field names
    (indicator keys, "assessed_on", "") to messages."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def suggestions(version, subject, on_date):
    """{indicator key: prefill.Suggestion} for the indicators of `version`
    whose source knows an answer that is one of the indicator's options."""
    found = {}
    for _variable, indicator in rubrics.indicators(version.definition):
        if not indicator["prefill"]:
            continue
        suggestion = prefill.suggest(indicator["prefill"], subject, on_date)
        values = {option["value"] for option in indicator["options"]}
        if suggestion is not None and suggestion.value in values:
            found[indicator["key"]] = suggestion
    return found


def _subject_fields(subject):
    if isinstance(subject, Partner):
        if subject.is_practice:
            raise AssessmentError({"": _("A practice shop is not assessed.")})
        return {"producer": subject}
    if isinstance(subject, ProducerGroup):
        return {"group": subject}
    raise TypeError(f"cannot assess {subject!r}")


def record(version, subject, on_date, answers, assessor=None, notes="", suggested=None):
    """Score `answers` ({indicator key: option value}) with `version` and
    save the assessment of `subject` (a producer or a group) on `on_date`.

    `suggested` is what the form showed as pre-filled ({key: Suggestion});
    each answer keeps it, so a report can tell data the assessor kept from
    data she changed. Raises AssessmentError and saves nothing when an
    answer is missing or the date is in the future or before FIRST_DAY.
    """
    fields = _subject_fields(subject)
    if on_date > timezone.localdate():
        raise AssessmentError({"assessed_on": _("An assessment cannot be dated in the future.")})
    if on_date < FIRST_DAY:  # a typing mistake, and too early for prefill's year sums
        raise AssessmentError(
            {
                "assessed_on": _("An assessment cannot be dated before %(year)s.")
                % {"year": FIRST_DAY.year}
            }
        )
    try:
        score, band, chosen = rubrics.score(version.definition, answers)
    except rubrics.ScoringError as error:
        raise AssessmentError(error.errors) from None
    suggested = suggested or {}
    with transaction.atomic():
        assessment = Assessment.objects.create(
            version=version,
            assessed_on=on_date,
            assessor=assessor,
            assessor_name=(assessor.get_full_name() or assessor.get_username()) if assessor else "",
            score=score,
            band_code=band["code"],
            band_label=band["label"],
            notes=notes,
            **fields,
        )
        Answer.objects.bulk_create(
            Answer(
                assessment=assessment,
                indicator=indicator["key"],
                value=option["value"],
                points=option["points"],
                suggested=getattr(suggested.get(indicator["key"]), "value", ""),
                evidence=str(getattr(suggested.get(indicator["key"]), "evidence", ""))[:300],
            )
            for indicator, option in chosen
        )
    return assessment


def history(subject):
    """Her (or the group's) assessments, newest first."""
    return Assessment.objects.filter(**_subject_fields(subject)).select_related("version__rubric")
