"""{% share_buttons product %} and {% share_buttons producer %}: WhatsApp,
Facebook and "copy link" buttons that work without JavaScript.

On public pages the ref is worked out from the visitor (sharing.buttons);
the portal passes hers: {% share_buttons product ref=producer portal=True %}.
"""

from django import template

from sharing import buttons

register = template.Library()


@register.inclusion_tag("sharing/buttons.html", takes_context=True)
def share_buttons(context, obj, ref=None, portal=False):
    if obj is None or obj.pk is None:
        return {"buttons": []}
    if ref is not None:
        sharer = ref.pk
    else:
        producer_id = obj.pk if isinstance(obj, buttons.Partner) else obj.producer_id
        sharer = buttons.visitor_sharer(context.get("request"), producer_id)
    return {"buttons": buttons.buttons(obj, sharer), "portal": portal}
