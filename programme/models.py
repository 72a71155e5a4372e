"""Cluster assessments of home industries and the institutions behind them.

A rubric is data the operator edits (storefront admin, /cms/): variables,
their indicators, answer options with points, and score bands (IR1 Pemula,
IR2 Berkembang, IR3 Maju). Every edit that changes what a rubric scores
becomes a new RubricVersion, frozen as plain JSON; an assessment keeps the
version it was scored with, so last year's scores never change under it.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField


class PrefillSource(models.TextChoices):
    """Platform data that can suggest an answer (programme.prefill)."""

    BUSINESS_PERMIT = "business_permit", _("Business permit (formality checklist)")
    BUSINESS_AGE = "business_age", _("Business age (profile)")
    INSTITUTIONAL_FORM = "institutional_form", _("Institutional form (the producer's group)")
    INSTITUTIONAL_SUPPORT = (
        "institutional_support",
        _("Institutional support (partner institutions)"),
    )
    SUPPORTING_INSTITUTIONS = (
        "supporting_institutions",
        _("Supporting institutions (partner institutions)"),
    )
    MARKETING_ZONE = "marketing_zone", _("Marketing zone (delivery of orders)")
    MARKET_REACH = "market_reach", _("Market reach (delivery of orders)")
    PAYMENT = "payment", _("Cash or non-cash (payments of orders)")
    VALUE_ADDED = "value_added", _("Value added (pricing helper)")
    PROFIT_TREND = "profit_trend", _("Sales trend (orders)")


class OptionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("answer"), max_length=120)
    value = blocks.CharBlock(
        label=_("key"),
        max_length=40,
        required=False,
        help_text=_(
            "A short name that stays the same when the answer is reworded "
            "(made from the answer when left empty)."
        ),
    )
    points = blocks.IntegerBlock(label=_("points"), min_value=0, max_value=100, default=0)


class IndicatorBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("indicator"), max_length=160)
    key = blocks.CharBlock(
        label=_("key"),
        max_length=40,
        required=False,
        help_text=_("Stays the same across versions (made from the indicator when left empty)."),
    )
    prefill = blocks.ChoiceBlock(
        label=_("pre-filled from"),
        choices=PrefillSource.choices,
        required=False,
        help_text=_("Platform data that suggests the answer; the assessor can change it."),
    )
    options = blocks.ListBlock(OptionBlock(), label=_("answers"), min_num=2)


class VariableBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("variable"), max_length=120)
    key = blocks.CharBlock(label=_("key"), max_length=40, required=False)
    indicators = blocks.ListBlock(IndicatorBlock(), label=_("indicators"), min_num=1)

    class Meta:
        icon = "list-ul"


class BandBlock(blocks.StructBlock):
    code = blocks.CharBlock(label=_("code"), max_length=20, help_text=_("For example IR1."))
    label = blocks.CharBlock(label=_("label"), max_length=60, help_text=_("For example Pemula."))
    min_score = blocks.IntegerBlock(label=_("lowest score"), min_value=0)
    max_score = blocks.IntegerBlock(label=_("highest score"), min_value=0)

    class Meta:
        icon = "order"


class Rubric(models.Model):
    """What facilitators answer about a home industry, and how it scores.

    Edited in /cms/ (programme.wagtail_hooks); saving it records a new
    RubricVersion when the scoring changed (programme.rubrics)."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    variables = StreamField(
        [("variable", VariableBlock())], verbose_name=_("variables and indicators")
    )
    bands = StreamField([("band", BandBlock())], verbose_name=_("score bands"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("variables"),
        FieldPanel("bands"),
    ]

    class Meta:
        ordering = ["pk"]
        verbose_name = _("assessment rubric")
        verbose_name_plural = _("assessment rubrics")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from programme import rubrics

        with transaction.atomic():
            super().save(*args, **kwargs)
            rubrics.record_version(self)

    def clean(self):
        from programme import rubrics

        rubrics.check(self)


class RubricVersion(models.Model):
    """A rubric as it scored from `created_at` on: plain JSON (see
    programme.rubrics for its shape), never edited."""

    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, related_name="versions", verbose_name=_("rubric")
    )
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["rubric", "-number"]
        verbose_name = _("rubric version")
        verbose_name_plural = _("rubric versions")
        constraints = [
            models.UniqueConstraint(fields=["rubric", "number"], name="one_rubric_version_number")
        ]

    def __str__(self):
        return f"{self.rubric} v{self.number}"


class Assessment(models.Model):
    """A facilitator's assessment of one producer or one group on a date."""

    version = models.ForeignKey(
        RubricVersion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("rubric version"),
    )
    producer = models.ForeignKey(
        "partner.Partner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("producer"),
    )
    group = models.ForeignKey(
        "partner.ProducerGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("group"),
    )
    assessed_on = models.DateField(_("assessed on"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    assessor_name = models.CharField(_("assessed by"), max_length=150, blank=True)
    # The score and band as computed with `version` when it was recorded.
    score = models.PositiveIntegerField(_("score"))
    band_code = models.CharField(_("cluster"), max_length=20, db_index=True)
    band_label = models.CharField(_("cluster name"), max_length=60)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [
            models.Index(fields=["producer", "assessed_on"]),
            models.Index(fields=["group", "assessed_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(producer__isnull=False, group__isnull=True)
                    | models.Q(producer__isnull=True, group__isnull=False)
                ),
                name="assessment_of_producer_or_group",
            )
        ]
        permissions = [
            ("view_programme_report", _("Can read programme reports")),
            ("view_producer_contacts", _("Can see producers' contacts in programme reports")),
        ]

    def __str__(self):
        return f"{self.subject} {self.assessed_on}: {self.band_code} ({self.score})"

    @property
    def subject(self):
        return self.producer if self.producer_id else self.group


class Answer(models.Model):
    """The answer to one indicator of an assessment, with what the platform
    suggested (if anything) and why."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="answers", verbose_name=_("assessment")
    )
    indicator = models.CharField(_("indicator"), max_length=40)
    value = models.CharField(_("answer"), max_length=40)
    points = models.PositiveIntegerField(_("points"))
    suggested = models.CharField(_("suggested by the platform"), max_length=40, blank=True)
    evidence = models.CharField(_("from"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="one_answer_per_indicator"
            )
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value}"

    @property
    def prefilled(self):
        """The assessor kept what the platform data suggested."""
        return bool(self.suggested) and self.suggested == self.value


class Institution(ClusterableModel):
    """A partner institution: a government office such as Dinas PPPA, a
    bank, a university, an NGO, a cooperative or a business."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        UNIVERSITY = "university", _("University or college")
        BANK = "bank", _("Bank")
        BUSINESS = "business", _("Business")
        NGO = "ngo", _("NGO")
        COOPERATIVE = "cooperative", _("Cooperative")

    name = models.CharField(_("name"), max_length=160, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("website"),
        FieldPanel("notes"),
        InlinePanel("supports", label=_("Producers it supports")),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner institution")
        verbose_name_plural = _("partner institutions")

    def __str__(self):
        return self.name


class Support(models.Model):
    """An institution supports a producer (training, credit, a permit...)."""

    institution = ParentalKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="supports",
        verbose_name=_("institution"),
    )
    producer = models.ForeignKey(
        "partner.Partner",
        on_delete=models.CASCADE,
        related_name="supports",
        verbose_name=_("producer"),
        limit_choices_to={"is_practice": False},
    )
    since = models.DateField(_("since"), null=True, blank=True)
    note = models.CharField(_("what support"), max_length=200, blank=True)

    panels = [FieldPanel("producer"), FieldPanel("since"), FieldPanel("note")]

    class Meta:
        ordering = ["institution", "pk"]
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "producer"], name="one_support_per_producer"
            )
        ]

    def __str__(self):
        return f"{self.institution} → {self.producer}"
