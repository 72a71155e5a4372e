"""What every portal page needs: a signed-in person and the producer she may
act for, or a 404 that reveals nothing."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy

from vendors import access, audit


class PortalLoginRequiredMixin(LoginRequiredMixin):
    login_url = reverse_lazy("portal:login")


class ProducerMixin(PortalLoginRequiredMixin):
    """Resolves self.producer from the <producer> URL part.

    Only producers the user may act for (vendors.access.managed_producers)
    are found; anyone else gets the same 404 as for a producer that does not
    exist, so codes cannot be probed.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.producer = get_object_or_404(
            access.managed_producers(request.user), code=kwargs["producer"]
        )
        self.acting_for_someone_else = not access.is_own_shop(request.user, self.producer)
        return super().dispatch(request, *args, **kwargs)

    def audit(self, message, **params):
        """Log a change for the producer to read when someone else made it
        (see vendors.audit.record)."""
        return audit.record(self.producer, self.request.user, message, **params)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["producer"] = self.producer
        context["acting_for_someone_else"] = self.acting_for_someone_else
        return context
