"""Public producer directory and profile pages of a village shop."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from catalog import listing
from stats import counting
from vendors import directory


class ProducerListView(ListView):
    template_name = "vendors/producer_list.html"
    context_object_name = "producers"
    paginate_by = 24

    def get_queryset(self):
        return directory.producers_for_site(self.request.site)

    def get_context_data(self, **kwargs):
        """The title and introduction the operator wrote on the shop's
        producer directory page in the CMS, when there is one."""
        from storefront.models import ProducerDirectoryPage

        context = super().get_context_data(**kwargs)
        site = self.request.site
        pages = ProducerDirectoryPage.objects.live()
        context["page"] = pages.descendant_of(site.root_page).first() if site else None
        return context


class ProducerDetailView(DetailView):
    template_name = "vendors/producer_detail.html"
    context_object_name = "producer"

    def get_object(self, queryset=None):
        producers = directory.producers_for_site(self.request.site)
        try:
            return get_object_or_404(producers, code=self.kwargs["code"])
        except Http404:
            raise Http404(_("This producer does not sell in this shop.")) from None

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        counting.count_producer_view(request, self.object)  # the cache only (stats)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["products"] = listing.browsable_products().filter(producer=self.object)[:48]
        context["contacts"] = self.object.public_contacts()
        return context
