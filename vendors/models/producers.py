"""Producers (Oscar partners) and the groups they belong to.

Each producer is one Oscar Partner; the people who may act for her are
Partner.users. A producer publishes her village, never a home address, and
chooses which contact is public.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractPartner, AbstractStockRecord

from vendors import phones
from vendors.models.formality import FormalityFields

__all__ = [
    "ProducerGroup",
    "Partner",
    "Account",
    "FacilitatorAssignment",
    "AuditRole",
    "AuditEntry",
    "ResetCode",
    "FulfilmentEvent",
    "StockRecord",
]


class ProducerGroup(models.Model):
    """A women's group, association or cooperative: the unit facilitators and
    funders work with."""

    class Kind(models.TextChoices):
        KELOMPOK = "kelompok", _("Group (kelompok)")
        PAGUYUBAN = "paguyuban", _("Association (paguyuban)")
        KOPERASI = "koperasi", _("Cooperative (koperasi)")
        CREDIT_UNION = "credit_union", _("Credit union")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.KELOMPOK)
    village = models.ForeignKey(
        "regions.Village",
        on_delete=models.PROTECT,
        related_name="producer_groups",
        verbose_name=_("village"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("producer group")
        verbose_name_plural = _("producer groups")

    def __str__(self):
        return self.name


class Partner(AbstractPartner, FormalityFields):
    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.PROTECT,
        related_name="producers",
        null=True,
        verbose_name=_("village shop"),
        help_text=_("The village shop this producer sells in."),
    )
    village = models.ForeignKey(
        "regions.Village",
        on_delete=models.PROTECT,
        related_name="producers",
        null=True,
        verbose_name=_("village"),
    )
    group = models.ForeignKey(
        ProducerGroup,
        on_delete=models.SET_NULL,
        related_name="members",
        null=True,
        blank=True,
        verbose_name=_("group"),
    )
    photo = models.ImageField(_("photo"), upload_to="producers/", blank=True)
    story = models.TextField(_("story"), blank=True)
    categories = models.ManyToManyField(
        "catalogue.Category",
        blank=True,
        related_name="producers",
        verbose_name=_("product categories"),
    )
    whatsapp = models.CharField(_("WhatsApp number"), max_length=20, blank=True)
    whatsapp_public = models.BooleanField(_("show WhatsApp publicly"), default=False)
    instagram = models.CharField(_("Instagram username"), max_length=60, blank=True)
    instagram_public = models.BooleanField(_("show Instagram publicly"), default=False)
    facebook = models.CharField(_("Facebook page or username"), max_length=100, blank=True)
    facebook_public = models.BooleanField(_("show Facebook publicly"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    on_holiday = models.BooleanField(
        _("shop on holiday"),
        default=False,
        help_text=_("While on holiday, shoppers can see the products but cannot order them."),
    )
    holiday_until = models.DateField(_("back on"), null=True, blank=True)
    # A trainee's practice shop (training.Enrolment): it works like a real
    # shop in the portal but never appears to the public (catalog.listing,
    # vendors.directory) and its sales owe nobody anything.
    is_practice = models.BooleanField(_("practice shop"), default=False, db_index=True)
    practice_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="practice_shops",
        verbose_name=_("practice shop of"),
        help_text=_("The real shop a practice product is promoted to."),
    )
    # When the profile first had everything a shopper needs to trust her
    # (training.progress reads it); set by vendors.profile_completeness, never typed.
    profile_completed_at = models.DateTimeField(
        _("profile completed"), null=True, blank=True, editable=False
    )

    def get_absolute_url(self):
        return reverse("vendors:producer-detail", kwargs={"code": self.code})

    def public_contacts(self):
        """The contacts the producer chose to show, as (kind, label, url)."""
        contacts = []
        whatsapp = phones.wa_me(self.whatsapp) if self.whatsapp_public else None
        if whatsapp:  # an unusable number gets no link rather than a broken one
            contacts.append(("whatsapp", "WhatsApp", whatsapp))
        if self.instagram and self.instagram_public:
            handle = self.instagram.lstrip("@")
            contacts.append(("instagram", f"@{handle}", f"https://instagram.com/{handle}"))
        if self.facebook and self.facebook_public:
            contacts.append(("facebook", "Facebook", f"https://facebook.com/{self.facebook}"))
        return contacts


class Account(models.Model):
    """A person's phone number for signing in: many producers have no email."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account"
    )
    phone = models.CharField(
        _("phone number"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stored as +62..., so 0812... and +62812... are the same person."),
    )

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self):
        return self.phone or str(self.user)


class FacilitatorAssignment(models.Model):
    """A facilitator (pendamping) may act for the producers of one group or
    one village. Several assignments add up."""

    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="facilitator_assignments",
        verbose_name=_("facilitator"),
    )
    group = models.ForeignKey(
        ProducerGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="facilitator_assignments",
        verbose_name=_("group"),
    )
    village = models.ForeignKey(
        "regions.Village",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="facilitator_assignments",
        verbose_name=_("village"),
    )

    class Meta:
        verbose_name = _("facilitator assignment")
        verbose_name_plural = _("facilitator assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(group__isnull=False, village__isnull=True)
                    | models.Q(group__isnull=True, village__isnull=False)
                ),
                name="assignment_to_group_or_village",
            )
        ]

    def __str__(self):
        return f"{self.facilitator}: {self.group or self.village}"


class AuditRole(models.TextChoices):
    FACILITATOR = "facilitator", _("facilitator")
    OPERATOR = "operator", _("operator")
    SYSTEM = "system", _("automatically")
    OTHER = "other", _("someone else")


class AuditEntry(models.Model):
    """A change made to a producer's shop by someone other than herself.

    The producer can read her own log: trust comes from seeing who did what.
    """

    producer = models.ForeignKey(
        "partner.Partner",
        on_delete=models.CASCADE,
        related_name="audit_entries",
        verbose_name=_("producer"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    actor_name = models.CharField(_("done by"), max_length=150)
    actor_role = models.CharField(
        _("role"), max_length=20, choices=AuditRole.choices, default=AuditRole.OTHER
    )
    # The untranslated message and its values, so each reader sees the entry
    # in her own language ("Stok “%(title)s” diubah menjadi %(count)s").
    message = models.CharField(_("action"), max_length=200)
    params = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name}: {self.action}"

    @property
    def action(self):
        """What was done, in the active language."""
        text = gettext(self.message)
        params = dict(self.params)
        if "status" in params:  # stored values of order statuses stay English
            from vendors.fulfilment import label

            params["status"] = label(params["status"])
        try:
            return text % params if params else text
        except (KeyError, TypeError, ValueError):
            return text

    @property
    def done_by(self):
        """Who did it, with their role: "pendamping Dewi"."""
        if self.actor_role == AuditRole.OTHER:
            return self.actor_name
        if self.actor_role == AuditRole.SYSTEM:
            return f"{self.actor_name} ({self.get_actor_role_display()})"
        return f"{self.get_actor_role_display()} {self.actor_name}"


class ResetCode(models.Model):
    """A one-time password reset code a facilitator gives a producer in
    person: resetting must not depend on email."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reset_codes"
    )
    code_hash = models.CharField(max_length=128)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # Wrong codes typed for her while this code was open (vendors.reset_codes).
    wrong_tries = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("password reset code")

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"


class FulfilmentEvent(models.Model):
    """One step of a producer's order line (confirmed, packed, shipped...),
    shown to the shopper on the order status page."""

    line = models.ForeignKey(
        "order.Line", on_delete=models.CASCADE, related_name="fulfilment_events"
    )
    status = models.CharField(_("status"), max_length=40)
    note = models.CharField(_("note"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("fulfilment event")

    def __str__(self):
        return f"{self.line_id}: {self.status}"


class StockRecord(AbstractStockRecord):
    """A product is sold by exactly one producer: its stock record must be
    hers, so order lines, payouts and the dashboard follow the same owner."""

    def clean(self):
        super().clean()
        producer_id = getattr(self.product, "producer_id", None) if self.product_id else None
        if producer_id is not None and self.partner_id != producer_id:
            raise ValidationError(
                {"partner": _("A product can only be stocked by the producer who sells it.")}
            )
