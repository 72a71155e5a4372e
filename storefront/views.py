from django.http import HttpResponseNotFound, HttpResponseServerError
from django.shortcuts import redirect
from django.template import loader
from django.urls import reverse
from django.views.generic import FormView

from storefront.forms import OrderLookupForm


class OrderLookupView(FormView):
    """Order status for guests: the order number plus the email used."""

    template_name = "storefront/order_lookup.html"
    form_class = OrderLookupForm

    def form_valid(self, form):
        order = form.order
        # Oscar's order status view trusts the email remembered in the session.
        self.request.session["anon_order_email"] = order.email
        return redirect(
            reverse(
                "customer:anon-order",
                kwargs={"order_number": order.number, "hash": order.verification_hash()},
            )
        )


def media(request, path):
    """Uploads, in the embedded set-up only (production serves them from
    S3). MEDIA_ROOT is read on each request, not when the URLs load."""
    from django.conf import settings
    from django.views.static import serve

    return serve(request, path, document_root=settings.MEDIA_ROOT)


def page_not_found(request, exception=None):
    message = ""
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        message = exception.args[0]
    # Django's "No X matches the given query" is for developers, not shoppers.
    if message.startswith("No ") and "matches the given query" in message:
        message = ""
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render({"message": message}, request))


def server_error(request):
    """The 500 page renders without context processors: the database may be
    what failed."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({}))
