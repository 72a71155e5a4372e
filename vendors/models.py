"""Producers (Oscar partners) and the groups they belong to.

Each producer is one Oscar Partner; the people who may act for her are
Partner.users. A producer publishes her village, never a home address, and
chooses which contact is public.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractPartner, AbstractStockRecord


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


class Partner(AbstractPartner):
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

    def get_absolute_url(self):
        return reverse("vendors:producer-detail", kwargs={"code": self.code})

    def public_contacts(self):
        """The contacts the producer chose to show, as (kind, label, url)."""
        contacts = []
        if self.whatsapp and self.whatsapp_public:
            digits = "".join(ch for ch in self.whatsapp if ch.isdigit())
            if digits.startswith("0"):
                digits = "62" + digits[1:]
            contacts.append(("whatsapp", "WhatsApp", f"https://wa.me/{digits}"))
        if self.instagram and self.instagram_public:
            handle = self.instagram.lstrip("@")
            contacts.append(("instagram", f"@{handle}", f"https://instagram.com/{handle}"))
        if self.facebook and self.facebook_public:
            contacts.append(("facebook", "Facebook", f"https://facebook.com/{self.facebook}"))
        return contacts


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


from oscar.apps.partner.models import *  # noqa: E402,F403  Oscar's fork convention
