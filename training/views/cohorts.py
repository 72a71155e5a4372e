"""Instructors' pages for running a cohort: the list, creating and editing
a class, enrolling trainees, printing first-login codes and giving
practice orders.

Who may open what is training.access: instructors see only the cohorts they
teach, operators all; anyone else is sent to sign in or gets the same 404 as
for a cohort that does not exist. The work itself is done by the services
(training.enrolment, training.login_codes, training.simulation).
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.generic import CreateView, FormView, ListView, TemplateView, UpdateView
from oscar.core.loading import get_model

from storefront.ids import parse_id
from training import enrolment, login_codes, simulation
from training.access import can_create_cohorts, cohorts_for
from training.forms import CohortForm, EnrolmentForm
from training.models import SimulatedOrder

Line = get_model("order", "Line")

RECENT_ORDERS = 30


def cohort_home_url(cohort):
    """The cohort's overview: its trainees' progress (training.views.dashboard)."""
    return reverse("training:cohort-detail", kwargs={"pk": cohort.pk})


class InstructorMixin:
    """Signed-in instructors and operators only: others sign in or get 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        if not can_create_cohorts(request.user):
            raise Http404
        self.find_objects()
        return super().dispatch(request, *args, **kwargs)

    def find_objects(self):
        pass


class CohortMixin(InstructorMixin):
    """A page of one cohort this user teaches (self.cohort), or 404."""

    def find_objects(self):
        self.cohort = get_object_or_404(
            cohorts_for(self.request.user).select_related("site", "village"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(cohort=self.cohort, cohort_home_url=cohort_home_url(self.cohort))
        return context

    def enrolments(self):
        return self.cohort.enrolments.select_related(
            "trainee__account", "producer", "practice_producer"
        ).order_by("producer__name", "pk")


class CohortListView(InstructorMixin, ListView):
    """The cohorts she teaches (all of them for an operator), newest first."""

    template_name = "training/cohort_list.html"
    context_object_name = "cohorts"
    paginate_by = 30

    def get_queryset(self):
        return (
            cohorts_for(self.request.user)
            .select_related("site")
            .annotate(trainee_count=Count("enrolments"))
            .order_by("-starts_on", "name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for cohort in context["cohorts"]:
            cohort.home_url = cohort_home_url(cohort)
        return context


class CohortCreateView(InstructorMixin, CreateView):
    """A new class; the person who creates it teaches it."""

    template_name = "training/cohort_form.html"
    form_class = CohortForm

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()
            self.object.instructors.add(self.request.user)
        messages.success(self.request, _("Class “%(name)s” created.") % {"name": self.object.name})
        return redirect(cohort_home_url(self.object))


class CohortEditView(CohortMixin, UpdateView):
    template_name = "training/cohort_form.html"
    form_class = CohortForm

    def get_object(self, queryset=None):
        return self.cohort

    def form_valid(self, form):
        self.object = form.save()
        messages.success(self.request, _("Class “%(name)s” saved.") % {"name": self.object.name})
        return redirect(cohort_home_url(self.object))


class EnrolView(CohortMixin, FormView):
    """The trainees of the class, and the form to add more from a list."""

    template_name = "training/enrol.html"
    form_class = EnrolmentForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["enrolments"] = list(self.enrolments())
        return context

    def form_valid(self, form):
        try:
            upload = form.cleaned_data.get("file")
            if upload:
                rows = enrolment.read_upload(upload)
            else:
                rows = enrolment.read_text(form.cleaned_data["trainees"])
            enrolled = enrolment.enrol(self.cohort, rows)
        except enrolment.EnrolmentError as error:
            return self.render_to_response(
                self.get_context_data(form=form, problems=error.problems)
            )
        messages.success(
            self.request,
            ngettext(
                "%(count)d trainee enrolled, each with a practice shop.",
                "%(count)d trainees enrolled, each with a practice shop.",
                len(enrolled),
            )
            % {"count": len(enrolled)},
        )
        return redirect("training:enrol", pk=self.cohort.pk)


@method_decorator(never_cache, "dispatch")
class LoginCodesView(CohortMixin, TemplateView):
    """GET: whom to give a first-login code. POST: issue the codes and show
    the printable sheet, the only place the codes ever appear."""

    template_name = "training/login_codes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enrolments = list(login_codes.codable(self.enrolments(), self.request.user))
        for item in enrolments:
            item.name = login_codes.trainee_name(item)
            item.waiting = item.trainee.last_login is None
        context["enrolments"] = enrolments
        return context

    def post(self, request, *args, **kwargs):
        ticked = request.POST.getlist("enrolment")
        chosen = [pk for pk in map(parse_id, ticked) if pk]
        enrolments = login_codes.codable(self.enrolments(), self.request.user)
        if ticked:  # only the ticked ones, even when none of them is valid
            enrolments = enrolments.filter(pk__in=chosen)
        else:
            enrolments = login_codes.default_choice(enrolments, self.request.user)
        enrolments = list(enrolments)
        if not enrolments:
            if ticked:
                text = _("Tick the trainees of this class who need a code.")
            else:
                text = _(
                    "Every trainee has signed in already. Tick the trainees who need a new code."
                )
            messages.error(request, text)
            return redirect("training:login-codes", pk=self.cohort.pk)
        sign_in_url = request.build_absolute_uri(reverse("portal:reset"))
        cards = login_codes.issue(enrolments, request.user, sign_in_url)
        return render(
            request,
            "training/login_codes_sheet.html",
            {"cohort": self.cohort, "cards": cards, "sign_in_url": sign_in_url},
        )


class SimulateOrderView(CohortMixin, TemplateView):
    """GET: the practice orders given so far. POST: a new one for one
    trainee or for everyone."""

    template_name = "training/simulate.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enrolments = list(self.enrolments())
        for item in enrolments:
            item.name = login_codes.trainee_name(item)
        orders = (
            SimulatedOrder.objects.filter(enrolment__cohort=self.cohort)
            .select_related("order", "enrolment__trainee", "enrolment__producer")
            .prefetch_related(Prefetch("order__lines", queryset=Line.objects.order_by("pk")))
            .order_by("-created_at", "-pk")[:RECENT_ORDERS]
        )
        orders = list(orders)
        for item in orders:
            item.trainee_name = login_codes.trainee_name(item.enrolment)
        context.update(enrolments=enrolments, simulated=orders)
        return context

    def post(self, request, *args, **kwargs):
        choice = request.POST.get("enrolment", "")
        enrolments = self.enrolments()
        if choice != "all":
            pk = parse_id(choice)
            enrolments = enrolments.filter(pk=pk) if pk else enrolments.none()
        enrolments = list(enrolments)
        if not enrolments:
            messages.error(request, _("Choose a trainee of this class, or everyone."))
            return redirect("training:simulate-order", pk=self.cohort.pk)
        made, refused = simulation.simulate(enrolments, request.user)
        for item in made:
            messages.success(
                request,
                _("Order %(number)s is waiting in the practice shop of %(name)s.")
                % {"number": item.order.number, "name": login_codes.trainee_name(item.enrolment)},
            )
        for message in refused:
            messages.error(request, message)
        return redirect("training:simulate-order", pk=self.cohort.pk)


urlpatterns = [
    path("", CohortListView.as_view(), name="cohort-list"),
    path("baru/", CohortCreateView.as_view(), name="cohort-create"),
    path("<int:pk>/ubah/", CohortEditView.as_view(), name="cohort-edit"),
    path("<int:pk>/peserta/", EnrolView.as_view(), name="enrol"),
    path("<int:pk>/kode-masuk/", LoginCodesView.as_view(), name="login-codes"),
    path("<int:pk>/pesanan-latihan/", SimulateOrderView.as_view(), name="simulate-order"),
]
