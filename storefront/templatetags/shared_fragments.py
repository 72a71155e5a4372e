"""``{% shared_fragment %}``: a part of a shopper page rendered once for
every visitor (storefront.page_cache.shared_fragment).

    {% load shared_fragments %}
    {% shared_fragment "product_grid" %}...{% endshared_fragment %}
    {% shared_fragment "portal_shops" page.pk %}...{% endshared_fragment %}

The fragment varies on the page's URL (query included), its language and
the page cache's generation; extra arguments add to that. Unlike Django's
``{% cache %}`` it needs no timeout or generation from the template, keeps
a form's CSRF token the visitor's own, and renders without the cache when
Redis is down instead of failing the page.
"""

from django import template

from storefront import page_cache

register = template.Library()


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        request = context.get("request")
        if request is None:  # an email, the bare 500 page
            return self.nodelist.render(context)
        vary_on = [value.resolve(context) for value in self.vary_on]
        return page_cache.shared_fragment(
            request,
            self.name.resolve(context),
            vary_on,
            lambda: self.nodelist.render(context),
            # The page's own token, so that every form on it carries the same one.
            csrf_token=context.get("csrf_token"),
        )


@register.tag
def shared_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a fragment name")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    name, *vary_on = (parser.compile_filter(bit) for bit in bits[1:])
    return SharedFragmentNode(nodelist, name, vary_on)
