"""``{% page_seo as seo %}`` and ``|json_ld`` for seo/head.html.

{% load seo_tags %}
{% page_seo as seo %}
{% if seo %}<link rel="canonical" href="{{ seo.canonical_url }}">{% endif %}
<script type="application/ld+json">{{ seo.structured_data|json_ld }}</script>
"""

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY

from storefront import seo

register = template.Library()


@register.simple_tag(takes_context=True)
def page_seo(context):
    """The storefront.seo.PageMeta of the page being rendered, or None
    outside a village shop request (emails, the bare 500 page)."""
    request = context.get("request")
    if request is None or getattr(request, "site", None) is None:
        return None
    return seo.meta_for(request, context, description=page_block(context, "description"))


def page_block(context, name):
    """What the page's template puts in its ``{% block name %}``, or None
    when no template of the page overrides that block.

    base.html includes seo/head.html where it used to have
    ``<meta name="description" content="{% block description %}...">``, so
    the themes' description blocks (product, producer, story pages) still
    decide the description. An included template renders in a render
    context of its own; the blocks of the page being rendered are in the
    one around it. ``{{ block.super }}`` in such a block renders nothing:
    base.html no longer has the block.
    """
    for state in reversed(context.render_context.dicts):
        block_context = state.get(BLOCK_CONTEXT_KEY)
        if block_context is not None:
            break
    else:
        return None
    block = block_context.get_block(name)
    if block is None:
        return None
    node = type(block)(block.name, block.nodelist)
    node.context = context
    with context.push(block=node):
        return node.nodelist.render(context)


@register.filter
def json_ld(data):
    """JSON that cannot end the <script> it is in (<, > and & escaped)."""
    return seo.json_ld(data)
