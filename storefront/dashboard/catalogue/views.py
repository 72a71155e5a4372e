from oscar.apps.dashboard.catalogue import views
from oscar.apps.dashboard.catalogue.views import *  # noqa: F403  Oscar's fork convention


class ProductCreateUpdateView(views.ProductCreateUpdateView):
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs
