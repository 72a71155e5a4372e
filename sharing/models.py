"""Shares of a product or a producer's shop to WhatsApp, Facebook, a copied
link or a printed QR poster.

A share is a deliberate click, rare next to page views, so each one is a
row: the producer's stats count them and a trainee's first share ticks her
training checklist.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WHATSAPP = "whatsapp", "WhatsApp"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    LINK = "link", _("copied link")
    QR = "qr", _("QR poster")


class Share(models.Model):
    producer = models.ForeignKey(
        "partner.Partner",
        on_delete=models.CASCADE,
        related_name="shares",
        verbose_name=_("producer"),
        help_text=_("The shop whose product or page was shared."),
    )
    product = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="shares",
        verbose_name=_("product"),
        help_text=_("Empty when the whole shop was shared."),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    sharer = models.ForeignKey(
        "partner.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shares_made",
        verbose_name=_("shared by"),
        help_text=_("The producer whose ref code the link carries; empty for shoppers."),
    )
    created_at = models.DateTimeField(_("shared on"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        indexes = [models.Index(fields=["producer", "created_at"])]

    def __str__(self):
        return f"{self.get_channel_display()}: {self.product or self.producer}"
