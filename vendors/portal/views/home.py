"""Portal home: a producer's own shop, or a facilitator's list of producers."""

from django.shortcuts import redirect
from django.urls import path
from django.views.generic import TemplateView

from vendors import access
from vendors.portal.mixins import PortalLoginRequiredMixin, ProducerMixin


class PortalHomeView(PortalLoginRequiredMixin, TemplateView):
    """One producer goes straight to her shop; a facilitator picks whom to
    help."""

    template_name = "vendors/portal/home.html"

    def get(self, request, *args, **kwargs):
        producers = list(access.managed_producers(request.user).select_related("village"))
        if len(producers) == 1 and access.is_own_shop(request.user, producers[0]):
            return redirect("portal:shop", producer=producers[0].code)
        return self.render_to_response(self.get_context_data(producers=producers))


class ShopHomeView(ProducerMixin, TemplateView):
    template_name = "vendors/portal/shop_home.html"


urlpatterns = [
    path("", PortalHomeView.as_view(), name="home"),
    path("<slug:producer>/", ShopHomeView.as_view(), name="shop"),
]
