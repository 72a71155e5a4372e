"""Portal views: signing in and out, and resetting a password without email.

A producer signs in with her phone number (or email) and password. When she
forgets the password, a facilitator acting for her issues a one-time code
(reset-issue) and she sets a new password with it (reset). Failed sign-ins
are counted by django-axes (AXES_* in storefront/settings.py).
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView
from oscar.core.loading import get_model

from vendors import access, reset_codes
from vendors.portal.forms_account import PasswordResetWithCodeForm, PortalLoginForm
from vendors.portal.mixins import ProducerMixin

Partner = get_model("partner", "Partner")


class PortalLoginView(auth_views.LoginView):
    form_class = PortalLoginForm
    template_name = "vendors/portal/account/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("portal:home")


class PortalLogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("portal:login")


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a friendly page after too many wrong passwords."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    return render(
        request,
        "vendors/portal/account/locked_out.html",
        {"minutes": minutes},
        status=429,
    )


@method_decorator(sensitive_post_parameters("new_password1", "new_password2", "code"), "dispatch")
@method_decorator(never_cache, "dispatch")
class PasswordResetWithCodeView(FormView):
    form_class = PasswordResetWithCodeForm
    template_name = "vendors/portal/account/reset.html"

    def form_valid(self, form):
        ok = reset_codes.redeem(
            form.user, form.cleaned_data["code"], form.cleaned_data["new_password1"]
        )
        if not ok:
            form.add_bad_code_error()
            return self.form_invalid(form)
        messages.success(self.request, _("Your new password is set. Sign in with it now."))
        return redirect("portal:login")


def account_label(user):
    account = getattr(user, "account", None)
    if account is not None and account.phone:
        return account.phone
    return user.email or user.get_username()


def resettable_accounts(producer, actor):
    """The producer's sign-in accounts a facilitator may issue codes for.

    Never staff, never another facilitator, never the actor herself, and never
    an account that also signs in for a producer the actor does not manage
    (a code would open that shop too)."""
    managed = access.managed_producers(actor).values("pk")
    elsewhere = Partner.objects.exclude(pk__in=managed).filter(users__isnull=False)
    return (
        producer.users.filter(is_active=True, is_staff=False, is_superuser=False)
        .exclude(pk=actor.pk)
        .exclude(facilitator_assignments__isnull=False)
        .exclude(Q(partners__in=elsewhere))
        .select_related("account")
        .distinct()
        .order_by("pk")
    )


@method_decorator(never_cache, "dispatch")
class ResetIssueView(ProducerMixin, TemplateView):
    """A facilitator issues a one-time code for one of the producer's
    accounts. The code is shown once, in the answer to the POST."""

    template_name = "vendors/portal/account/reset_issue.html"

    def get_context_data(self, **kwargs):
        if not self.acting_for_someone_else:
            # The producer herself changes her password by signing in; codes
            # are for someone helping her.
            raise PermissionDenied
        context = super().get_context_data(**kwargs)
        context["accounts"] = [
            {"user": user, "label": account_label(user)}
            for user in resettable_accounts(self.producer, self.request.user)
        ]
        return context

    def post(self, request, *args, **kwargs):
        if not self.acting_for_someone_else:
            raise PermissionDenied
        try:
            user_id = int(request.POST.get("user", ""))
        except ValueError:
            raise Http404 from None
        account = resettable_accounts(self.producer, request.user).filter(pk=user_id).first()
        if account is None:
            raise Http404
        issued, code = reset_codes.issue(account, request.user)
        self.audit(
            gettext_noop("Password reset code issued for the account %(account)s"),
            account=account_label(account),
        )
        context = self.get_context_data(
            issued={
                "code": code,
                "label": account_label(account),
                "expires_at": issued.expires_at,
            }
        )
        return self.render_to_response(context)


# Literal first segments (masuk, keluar, reset) cannot be producer codes:
# vendors.access.portal_reserved_codes keeps new codes off them.
urlpatterns = [
    path("masuk/", PortalLoginView.as_view(), name="login"),
    path("keluar/", PortalLogoutView.as_view(), name="logout"),
    path("reset/", PasswordResetWithCodeView.as_view(), name="reset"),
    path(
        "<slug:producer>/reset-kata-sandi/",
        ResetIssueView.as_view(),
        name="reset-issue",
    ),
]
