"""Who gets into the programme pages: anonymous visitors sign in, anyone
signed in without the right gets the same 404 as for a page that does not
exist (programme.access)."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse

from programme import access


class _GateMixin:
    allowed = None  # a function of the user

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        if not type(self).allowed(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ReportReaderMixin(_GateMixin):
    """Operators and programme partners; `self.sees_contacts` says whether
    the page may show producers' phone numbers."""

    allowed = access.can_read_reports

    def dispatch(self, request, *args, **kwargs):
        self.sees_contacts = access.sees_contacts(request.user)
        return super().dispatch(request, *args, **kwargs)


class AssessorMixin(_GateMixin):
    """Operators and facilitators; which producers and groups each may
    assess is programme.access.assessable_producers / assessable_groups."""

    allowed = access.can_assess
