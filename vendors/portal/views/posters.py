"""Portal views: share her shop, and print QR posters of her shop or of one
of her products (PNG or PDF), in her shop's colours and language.

Only her own products, found through catalog.editing.producer_products:
another producer's product id is a 404, however the URL is made.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.generic import TemplateView, View

from catalog import editing
from sharing import posters, recording, targets
from sharing.codes import PRODUCT, SHOP, Link
from sharing.models import Channel
from vendors.portal.mixins import ProducerMixin

FORMATS = {"png": ("image/png", posters.to_png), "pdf": ("application/pdf", posters.to_pdf)}


def poster_products(producer):
    """Her products a poster can show: those in the shop (or, in a
    practice shop, those that would be), newest first."""
    return (
        editing.producer_products(producer).filter(is_public=True).order_by("-date_created", "-pk")
    )


class PostersView(ProducerMixin, TemplateView):
    template_name = "vendors/portal/posters.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["products"] = poster_products(self.producer).only("pk", "title")
        return context


class PosterDownloadView(ProducerMixin, View):
    """A poster file. Downloading one counts as a share on the QR channel
    (the poster is what she then puts up), once per download by a person."""

    def get(self, request, *args, **kwargs):
        if kwargs["format"] not in FORMATS:
            raise Http404
        content_type, render = FORMATS[kwargs["format"]]
        product = None
        if "product" in kwargs:
            product = get_object_or_404(poster_products(self.producer), pk=kwargs["product"])
        poster = posters.poster_for(self.producer, product)
        response = HttpResponse(render(poster), content_type=content_type)
        if recording.is_person(request):
            kind, target = (PRODUCT, product.pk) if product else (SHOP, self.producer.pk)
            recording.record(
                targets.Target(self.producer, product),
                Link(kind, target, Channel.QR, self.producer.pk),
            )
        name = poster.filename(kwargs["format"])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response


urlpatterns = [
    path("<slug:producer>/poster/", PostersView.as_view(), name="posters"),
    path(
        "<slug:producer>/poster/toko.<str:format>",
        PosterDownloadView.as_view(),
        name="poster-download",
    ),
    path(
        "<slug:producer>/poster/<int:product>.<str:format>",
        PosterDownloadView.as_view(),
        name="poster-download",
    ),
]
