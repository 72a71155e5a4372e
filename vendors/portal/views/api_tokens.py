"""The signed-in person's API tokens: make one for an app, see which exist,
revoke one. The secret is shown once, on the page that made it."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from api import tokens
from api.forms import NewTokenForm
from vendors import access
from vendors.portal.mixins import PortalLoginRequiredMixin


class TokenListView(PortalLoginRequiredMixin, FormView):
    template_name = "vendors/portal/account/api_tokens.html"
    form_class = NewTokenForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tokens"] = tokens.tokens_of(self.request.user)
        # A shopper makes tokens too (for an app that orders for her): her
        # way back is her account, not a shop she does not have.
        context["sells"] = access.managed_producers(self.request.user).exists()
        return context

    def form_valid(self, form):
        token, secret = tokens.issue(
            self.request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            days=form.cleaned_data["days"],
        )
        context = self.get_context_data(form=NewTokenForm(), new_token=token, secret=secret)
        return self.render_to_response(context)


class RevokeTokenView(PortalLoginRequiredMixin, View):
    def post(self, request, pk):
        if tokens.revoke(request.user, pk):
            messages.success(request, _("The token is revoked: apps using it stop working now."))
        return redirect("portal:api-tokens")


# Literal first segment: vendors.access.portal_reserved_codes keeps
# producer codes off it.
urlpatterns = [
    path("token-api/", TokenListView.as_view(), name="api-tokens"),
    path("token-api/<int:pk>/cabut/", RevokeTokenView.as_view(), name="api-token-revoke"),
]
