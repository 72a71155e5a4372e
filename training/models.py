"""Training cohorts: an instructor's class of trainees at a learning centre.

Each trainee has her real shop and a practice shop (a Partner with
is_practice set) where she learns on the same portal without touching the
live one: practice products never reach shoppers, practice orders are
simulated by the instructor.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Cohort(models.Model):
    name = models.CharField(_("name"), max_length=120)
    learning_centre = models.CharField(
        _("learning centre"), max_length=120, help_text=_("For example PKBM An-Nur.")
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("village shop"),
        help_text=_("The shop the trainees sell in once they are ready."),
    )
    village = models.ForeignKey(
        "regions.Village",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cohorts",
        verbose_name=_("village"),
        help_text=_("Where new trainees live, unless their line says otherwise."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="taught_cohorts", verbose_name=_("instructors")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="cohort_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.learning_centre})"


class Enrolment(models.Model):
    """One trainee in one cohort, with her real shop and her practice shop."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("cohort")
    )
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("trainee"),
    )
    producer = models.ForeignKey(
        "partner.Partner",
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("real shop"),
    )
    practice_producer = models.OneToOneField(
        "partner.Partner",
        # The practice shop goes only with her real shop or her enrolment.
        on_delete=models.RESTRICT,
        related_name="practice_enrolment",
        verbose_name=_("practice shop"),
    )
    enrolled_at = models.DateTimeField(_("enrolled on"), auto_now_add=True)
    # The account was made by this enrolment (not found by her phone): only
    # then may this class's instructor hand out its first-login code.
    created_account = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["cohort", "producer__name"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "trainee"], name="one_enrolment_per_cohort")
        ]

    def __str__(self):
        return f"{self.trainee} in {self.cohort}"


class SimulatedOrder(models.Model):
    """An order the instructor generated for a practice shop, with the
    buyer's question the trainee practises answering."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="simulated_orders"
    )
    order = models.OneToOneField("order.Order", on_delete=models.CASCADE, related_name="simulation")
    question = models.CharField(_("buyer's question"), max_length=300, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("simulated order")
        verbose_name_plural = _("simulated orders")

    def __str__(self):
        return f"{self.order_id} for {self.enrolment}"
