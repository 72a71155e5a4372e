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
