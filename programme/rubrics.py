"""Rubric definitions: their plain-JSON shape, checks, versions and scoring.

A version's definition is the rubric flattened to plain data, so scoring an
old assessment never depends on today's blocks::

    {"variables": [{"key", "label", "indicators": [
        {"key", "label", "prefill", "options": [{"value", "label", "points"}]}]}],
     "bands": [{"code", "label", "min", "max"}]}

Keys and option values are what stays the same when the operator rewords a
label, so answers and pre-fill survive edits; empty ones are made from the
label.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

# Names the assessment form uses for its own fields (programme.forms).
RESERVED_KEYS = frozenset({"assessed_on", "notes", "version", "rubric", "on"})


class ScoringError(ValueError):
    """Answers that cannot be scored; `errors` maps indicator keys to
    messages for the assessor."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def _items(raw):
    """The children of a raw ListBlock/StreamField value, in either of
    Wagtail's storage formats (plain values or {"type", "value", "id"})."""
    for item in raw or []:
        if isinstance(item, dict) and "value" in item and "type" in item:
            yield item["value"]
        else:
            yield item


def _key(value, label):
    return slugify(value or "").replace("-", "_") or slugify(label).replace("-", "_")[:40]


def definition_from_raw(variables, bands):
    """Plain definition from the raw JSON of Rubric.variables and .bands
    (also what the seed migration passes, with historical models)."""
    return {
        "variables": [
            {
                "key": _key(variable.get("key"), variable["label"]),
                "label": variable["label"],
                "indicators": [
                    {
                        "key": _key(indicator.get("key"), indicator["label"]),
                        "label": indicator["label"],
                        "prefill": indicator.get("prefill") or "",
                        "options": [
                            {
                                "value": _key(option.get("value"), option["label"]),
                                "label": option["label"],
                                "points": int(option.get("points") or 0),
                            }
                            for option in _items(indicator.get("options"))
                        ],
                    }
                    for indicator in _items(variable.get("indicators"))
                ],
            }
            for variable in _items(variables)
        ],
        "bands": sorted(
            (
                {
                    "code": band["code"].strip(),
                    "label": band["label"].strip(),
                    "min": int(band["min_score"]),
                    "max": int(band["max_score"]),
                }
                for band in _items(bands)
            ),
            key=lambda band: band["min"],
        ),
    }


def definition_of(rubric):
    return definition_from_raw(rubric.variables.raw_data, rubric.bands.raw_data)


def indicators(definition):
    """Every indicator, in order, with its variable's key and label."""
    for variable in definition["variables"]:
        for indicator in variable["indicators"]:
            yield variable, indicator


def score_range(definition):
    """The lowest and highest score answers can add up to."""
    low = high = 0
    for _variable, indicator in indicators(definition):
        points = [option["points"] for option in indicator["options"]] or [0]
        low += min(points)
        high += max(points)
    return low, high


def problems(definition):
    """What stops a definition from scoring every assessment to exactly one
    band, in words for the operator."""
    found = []
    seen = set()
    for _variable, indicator in indicators(definition):
        if not indicator["key"] or indicator["key"] in RESERVED_KEYS:
            found.append(
                _(
                    "Give the indicator “%(indicator)s” a key of letters and digits other than "
                    "%(reserved)s."
                )
                % {"indicator": indicator["label"], "reserved": ", ".join(sorted(RESERVED_KEYS))}
            )
        if indicator["key"] in seen:
            found.append(
                _("Two indicators have the key “%(key)s”: give each its own.")
                % {"key": indicator["key"]}
            )
        seen.add(indicator["key"])
        values = [option["value"] for option in indicator["options"]]
        if not all(values) or len(set(values)) != len(values):
            found.append(
                _("Give every answer of “%(indicator)s” its own key.")
                % {"indicator": indicator["label"]}
            )
    if not seen:
        found.append(_("A rubric needs at least one indicator."))
    bands = definition["bands"]
    codes = [band["code"] for band in bands]
    if len(set(codes)) != len(codes):
        found.append(_("Two score bands have the same code."))
    for band in bands:
        if band["min"] > band["max"]:
            found.append(_("Band %(code)s ends before it starts.") % {"code": band["code"]})
    low, high = score_range(definition)
    for score in range(low, high + 1):
        matching = [band for band in bands if band["min"] <= score <= band["max"]]
        if len(matching) != 1:
            found.append(
                _(
                    "A score of %(score)s falls in %(count)s bands: every score from "
                    "%(low)s to %(high)s must fall in exactly one."
                )
                % {"score": score, "count": len(matching), "low": low, "high": high}
            )
            break
    return found


def check(rubric):
    """Rubric.clean: refuse a definition that cannot score."""
    found = problems(definition_of(rubric))
    if found:
        raise ValidationError(found)


def latest_version(rubric):
    return rubric.versions.order_by("-number").first()


def record_version(rubric):
    """A new version when the definition differs from the latest one
    (rewording the rubric's name or description is not a new version)."""
    from programme.models import Rubric, RubricVersion

    definition = definition_of(rubric)
    with transaction.atomic():
        # Two operators saving at once: the second waits here for the
        # first's version, then compares with it (on PostgreSQL).
        Rubric.objects.select_for_update().filter(pk=rubric.pk).first()
        latest = RubricVersion.objects.filter(rubric=rubric).order_by("-number").first()
        if latest is not None and latest.definition == definition:
            return latest
        number = latest.number + 1 if latest else 1
        return RubricVersion.objects.create(rubric=rubric, number=number, definition=definition)


def band_for(definition, score):
    """The band (a dict) a score falls in, or None."""
    for band in definition["bands"]:
        if band["min"] <= score <= band["max"]:
            return band
    return None


def score(definition, answers):
    """Points and band for {indicator key: option value}.

    Every indicator needs an answer that is one of its options; otherwise
    ScoringError says which (nothing is half-scored).
    Returns (score, band, [(indicator, option)]).
    """
    errors = {}
    chosen = []
    for _variable, indicator in indicators(definition):
        value = answers.get(indicator["key"])
        if not value:
            errors[indicator["key"]] = _("Choose an answer.")
            continue
        option = next((o for o in indicator["options"] if o["value"] == value), None)
        if option is None:
            errors[indicator["key"]] = _("Choose one of the answers shown.")
            continue
        chosen.append((indicator, option))
    if errors:
        raise ScoringError(errors)
    total = sum(option["points"] for _indicator, option in chosen)
    band = band_for(definition, total)
    if band is None:  # only a definition that skipped Rubric.clean gets here
        raise ScoringError({"": _("This score falls in no band of the rubric.")})
    return total, band, chosen
