"""{% producer_holiday producer as holiday %}: the producer's current holiday.

`holiday` is None while her shop is open, else an OnHoliday availability with
.until (the last day, or None) and .message ("The producer is on holiday
until 5 Maret 2025."). One rule for every page: vendors.strategy decides.
"""

from django import template

from vendors.strategy import current_holiday

register = template.Library()


@register.simple_tag
def producer_holiday(producer):
    return current_holiday(producer)
