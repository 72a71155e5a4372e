"""Answers the platform already knows, suggested to the assessor.

Each source reads what producers actually did on the platform (orders,
payments, the formality checklist, partner institutions...) up to the
assessment date and suggests one answer value, with the evidence in words.
A rubric indicator names its source (IndicatorBlock.prefill); the suggestion
is used only when one of the indicator's answer options has that value
(OptionBlock.value), and the assessor can always change it.

Values each source may suggest:

===========================  ==================================================
business_permit              yes, no
business_age                 under_1, 1_2, over_2
institutional_form           group, association, forum, cooperative
institutional_support        none, little, supportive
supporting_institutions      none, government, university, bank, business,
                             other, combination
marketing_zone               village, outside_village, outside_district,
                             outside_regency, outside_province
market_reach                 local, out_of_town, national, export
payment                      cash, non_cash
value_added                  under_25, 25_50, 50_75, over_75
profit_trend                 down, stable, up
===========================  ==================================================
"""

from typing import NamedTuple

from programme.models import PrefillSource  # noqa: F401  the keys sources answer to


class Suggestion(NamedTuple):
    value: str
    evidence: str  # in words for the assessor: "12 of 15 orders paid non-cash"


def suggest(source, subject, on_date):
    """The answer `source` (a PrefillSource value) suggests for `subject` (a
    producer or a group) from platform data up to `on_date`, or None when
    the platform does not know."""
    raise NotImplementedError  # filled in by the sources below
