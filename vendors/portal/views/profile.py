"""Portal views: a producer's profile, her holiday switch and her activity log."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.generic import ListView, UpdateView

from storefront import shops
from vendors import formality
from vendors.portal.forms_profile import HolidayForm, ProfileForm
from vendors.portal.mixins import ProducerMixin


def onboarding_steps(producer):
    """The first things a new producer does, and whether each is done."""
    return [
        {"label": _("Add your photo"), "done": bool(producer.photo)},
        {"label": _("Tell your story"), "done": bool(producer.story.strip())},
        {
            "label": _("Show shoppers one way to contact you"),
            "done": bool(producer.public_contacts()),
        },
    ]


class ProducerFormView(ProducerMixin, UpdateView):
    """Edits self.producer itself."""

    def get_object(self, queryset=None):
        # A copy: an invalid form must not leave its data on self.producer,
        # which the page header and checklist still show.
        return type(self.producer)._default_manager.get(pk=self.producer.pk)

    def get_success_url(self):
        return self.request.path


class ProfileView(ProducerFormView):
    form_class = ProfileForm
    template_name = "vendors/portal/profile/profile.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        steps = onboarding_steps(self.producer)
        context["steps"] = steps
        context["steps_left"] = sum(not step["done"] for step in steps)
        # What is saved, not what an invalid form holds.
        papers = formality.next_steps(self.producer)
        context["papers"] = papers
        context["papers_summary"] = formality.summary(papers)
        return context

    def form_valid(self, form):
        # Field names in the producer's language: she reads the log.
        with translation.override(shops.language_of(self.producer.site)):
            changed = ", ".join(str(form.fields[name].label) for name in form.changed_data)
        with transaction.atomic():
            self.object = form.save()
            if changed:
                self.audit(gettext_noop("Profile edited: %(fields)s"), fields=changed)
        messages.success(self.request, _("Your profile is saved."))
        return redirect(self.get_success_url())


class HolidayView(ProducerFormView):
    form_class = HolidayForm
    template_name = "vendors/portal/profile/holiday.html"

    def form_valid(self, form):
        if not form.changed_data:
            return redirect(self.get_success_url())
        with transaction.atomic():
            producer = form.save()
            if producer.on_holiday and producer.holiday_until:
                message = gettext_noop("Shop set on holiday until %(date)s")
                self.audit(message, date=producer.holiday_until.strftime("%d-%m-%Y"))
                text = _(message) % {"date": date_format(producer.holiday_until, "j F Y")}
            elif producer.on_holiday:
                message = gettext_noop("Shop set on holiday")
                self.audit(message)
                text = _(message)
            else:
                message = gettext_noop("Shop open again after the holiday")
                self.audit(message)
                text = _(message)
        messages.success(self.request, text)
        return redirect(self.get_success_url())


class AuditLogView(ProducerMixin, ListView):
    """What others changed in her shop, newest first."""

    template_name = "vendors/portal/profile/audit_log.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        return self.producer.audit_entries.order_by("-created_at", "-pk")


urlpatterns = [
    path("<slug:producer>/profil/", ProfileView.as_view(), name="profile"),
    path("<slug:producer>/libur/", HolidayView.as_view(), name="holiday"),
    path("<slug:producer>/riwayat/", AuditLogView.as_view(), name="audit-log"),
]
