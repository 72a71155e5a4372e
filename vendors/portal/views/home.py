"""Portal home: a producer's own shop, or a facilitator's list of producers."""

from django.shortcuts import redirect
from django.urls import path
from django.views.generic import TemplateView

from vendors import access, formality
from vendors.portal.mixins import PortalLoginRequiredMixin, ProducerMixin


class PortalHomeView(PortalLoginRequiredMixin, TemplateView):
    """One producer goes straight to her shop; a facilitator picks whom to
    help."""

    template_name = "vendors/portal/home.html"

    def get(self, request, *args, **kwargs):
        producers = list(access.managed_producers(request.user).select_related("village"))
        if len(producers) == 1 and access.is_own_shop(request.user, producers[0]):
            return redirect("portal:shop", producer=producers[0].code)
        from programme.access import can_assess, can_read_reports  # builds on the portal

        context = self.get_context_data(
            producers=producers,
            can_assess=can_assess(request.user),
            can_read_reports=can_read_reports(request.user),
        )
        return self.render_to_response(context)


class ShopHomeView(ProducerMixin, TemplateView):
    template_name = "vendors/portal/shop_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["papers"] = formality.summary(formality.next_steps(self.producer))
        return context


urlpatterns = [
    path("", PortalHomeView.as_view(), name="home"),
    path("<slug:producer>/", ShopHomeView.as_view(), name="shop"),
]
