"""What makes a Wagtail Site a village shop: its ShopSettings.

A village shop is a Wagtail Site (hostname -> root page) whose ShopSettings
say its language, theme, collection point, bank account, QRIS code,
commission and delivery fees. Producers point at the Site they sell in
(vendors.Partner.site).
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from storefront.delivery import DeliveryZone
from storefront.payment import qris
from themes import registry as theme_registry


@register_setting(icon="home")
class ShopSettings(BaseSiteSetting):
    """What makes a Wagtail Site a village shop."""

    language = models.CharField(
        _("default language"),
        max_length=5,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        default="id",
        help_text=_("Used until a visitor picks a language with the switcher."),
    )
    theme = models.CharField(
        _("theme"),
        max_length=50,
        default="desa",
        help_text=_("How the shop looks. Set its colours, logo and font in the theme customizer."),
    )
    theme_options = models.JSONField(
        _("theme options"),
        default=dict,
        blank=True,
        help_text=_("Set in the theme customizer (CMS: Settings > Theme customizer)."),
    )
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    district = models.ForeignKey(
        "regions.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("The district this shop serves. Leave empty for the regional portal."),
    )
    collection_point = models.CharField(
        _("collection point"),
        max_length=200,
        blank=True,
        help_text=_("Where shoppers pick up their orders, e.g. the village hall."),
    )
    whatsapp = models.CharField(_("shop WhatsApp number"), max_length=20, blank=True)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    bank_account_number = models.CharField(_("account number"), max_length=40, blank=True)
    bank_account_holder = models.CharField(_("account holder"), max_length=120, blank=True)
    qris_merchant_payload = models.TextField(
        _("QRIS merchant code"),
        blank=True,
        help_text=_(
            "The text of the shop's static QRIS code, as your bank or QRIS provider gives "
            "it (it starts with 000201). Each order then gets a QR code with its exact amount."
        ),
    )
    commission_percent = models.DecimalField(
        _("commission (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(10),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "What the shop keeps of each sale. Categories can have their own rate "
            "(Settings > Commission by category)."
        ),
    )
    fee_village = models.PositiveIntegerField(
        _("delivery fee inside the village"), null=True, blank=True
    )
    fee_outside_village = models.PositiveIntegerField(
        _("delivery fee outside the village, same district"), null=True, blank=True
    )
    fee_outside_district = models.PositiveIntegerField(
        _("delivery fee outside the district, same regency"), null=True, blank=True
    )
    fee_outside_regency = models.PositiveIntegerField(
        _("delivery fee outside the regency, same province"), null=True, blank=True
    )
    fee_outside_province = models.PositiveIntegerField(
        _("delivery fee outside the province"), null=True, blank=True
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("language"),
                FieldPanel("theme", widget=forms.Select(choices=theme_registry.choices)),
                FieldPanel("tagline"),
            ],
            heading=_("Shop"),
        ),
        MultiFieldPanel(
            [FieldPanel("district"), FieldPanel("collection_point"), FieldPanel("whatsapp")],
            heading=_("Place"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("bank_name"),
                FieldPanel("bank_account_number"),
                FieldPanel("bank_account_holder"),
            ],
            heading=_("Bank transfer"),
        ),
        MultiFieldPanel(
            [FieldPanel("qris_merchant_payload"), FieldPanel("commission_percent")],
            heading=_("QRIS and commission"),
        ),
        MultiFieldPanel(
            [FieldPanel(f"fee_{zone.value}") for zone in DeliveryZone],
            heading=_("Delivery fees (Rp); leave empty where the shop does not deliver"),
        ),
    ]

    class Meta:
        verbose_name = _("village shop settings")

    def clean(self):
        super().clean()
        if self.theme not in theme_registry.installed():
            raise ValidationError({"theme": _("Choose one of the installed themes.")})
        if self.qris_merchant_payload.strip():
            try:
                self.qris_merchant_payload = qris.validate_static(self.qris_merchant_payload)
            except qris.InvalidQris as error:
                raise ValidationError({"qris_merchant_payload": error.message}) from None

    def delivery_fees(self):
        """[(zone, fee)] for the zones this shop delivers to, nearest first."""
        return [
            (zone, getattr(self, f"fee_{zone.value}"))
            for zone in DeliveryZone
            if getattr(self, f"fee_{zone.value}") is not None
        ]

    @property
    def accepts_bank_transfer(self):
        return bool(self.bank_name and self.bank_account_number and self.bank_account_holder)
