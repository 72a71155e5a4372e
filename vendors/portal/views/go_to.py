"""/jual/ke/<action>/: "try it in your shop" from a lesson.

A lesson does not know whose shop its reader manages, so it links here and
this view finds the shop: a trainee learns in her practice shop, so it comes
first; then her own real shop; a facilitator who acts for several producers
picks one from a short list. Only shops the person may act for
(vendors.access.managed_producers) are ever offered, so nobody is sent into
another producer's shop. Anonymous visitors sign in first and come back
here (next=). The actions are listed in lessons.portal_actions; any other
word is a 404.
"""

from django.contrib.auth.views import redirect_to_login
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import TemplateView
from oscar.core.loading import get_model

from lessons.portal_actions import ACTIONS
from vendors import access

Partner = get_model("partner", "Partner")


def shops_for(user):
    """The shops `user` may act for, each with ``is_own`` (she is the
    producer herself): her practice shops first, then her own shops, then
    the ones she helps, by name. One query."""
    own = Partner.users.through.objects.filter(partner_id=OuterRef("pk"), user_id=user.pk)
    return list(
        access.managed_producers(user)
        .annotate(is_own=Exists(own))
        .select_related("village")
        .order_by("-is_own", "-is_practice", "name", "pk")
    )


def shop_to_open(shops):
    """The one shop to go to straight away, or None when she must choose
    (or has none): her practice shop, else her only own shop, else the only
    shop she may act for."""
    own = [shop for shop in shops if shop.is_own]
    practice = [shop for shop in own if shop.is_practice]
    if len(practice) == 1:
        return practice[0]
    if not practice and len(own) == 1:
        return own[0]
    if len(shops) == 1:
        return shops[0]
    return None


class GoToView(TemplateView):
    template_name = "vendors/portal/go_to.html"

    def get(self, request, *args, **kwargs):
        action = ACTIONS.get(kwargs["action"])
        if action is None:
            raise Http404
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        shops = shops_for(request.user)
        shop = shop_to_open(shops)
        if shop is not None:
            return redirect(action.url_name, producer=shop.code)
        choices = [
            (shop, reverse(action.url_name, kwargs={"producer": shop.code})) for shop in shops
        ]
        return self.render_to_response(self.get_context_data(action=action, choices=choices))


urlpatterns = [
    # Literal "ke/" before any <producer>/... pattern ("ke/harga/" is no shop).
    path("ke/<slug:action>/", GoToView.as_view(), name="go-to"),
]
