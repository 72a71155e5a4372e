"""Template helpers for order-line fulfilment: `{% load fulfilment_tags %}`."""

from django import template

from vendors import fulfilment

register = template.Library()


@register.filter
def status_label(status):
    """The status of an order line or order as people read it, translated:
    `{{ line.status|status_label }}`."""
    if not status:
        return ""
    return fulfilment.label(status)


@register.simple_tag
def lines_with_progress(order):
    """An order's lines with their producer and steps, in three queries
    whatever the number of lines: `{% lines_with_progress order as lines %}`."""
    return order.lines.select_related("partner").prefetch_related("fulfilment_events")
