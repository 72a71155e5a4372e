"""A producer's price calculations from the portal's pricing helper.

Kept, not just shown: the latest calculation of a producer gives her value
added (price less bought-in costs, as a share of the price), one of the
performance indicators of the programme's cluster assessment.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["PriceCalculation"]


def _rupiah(verbose_name):
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=0, default=0)


class PriceCalculation(models.Model):
    producer = models.ForeignKey(
        "partner.Partner",
        on_delete=models.CASCADE,
        related_name="price_calculations",
        verbose_name=_("producer"),
    )
    product = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="price_calculations",
        verbose_name=_("product"),
    )
    name = models.CharField(_("what is priced"), max_length=128)
    units = models.PositiveIntegerField(_("units made in one batch"), default=1)
    materials = _rupiah(_("materials"))
    fuel = _rupiah(_("fuel and transport"))
    electricity = _rupiah(_("electricity, gas and water"))
    packaging = _rupiah(_("packaging"))
    other_costs = _rupiah(_("other costs"))
    labour_hours = models.DecimalField(
        _("hours of work"), max_digits=6, decimal_places=1, default=0
    )
    hourly_wage = _rupiah(_("wage per hour"))
    margin_percent = models.DecimalField(
        _("profit margin wanted (%)"), max_digits=5, decimal_places=1, default=0
    )
    # The results, stored so reports need not recompute them.
    cost_per_unit = _rupiah(_("cost per unit"))
    suggested_price = _rupiah(_("suggested price"))
    value_added_percent = models.DecimalField(
        _("value added (%)"), max_digits=5, decimal_places=1, default=0
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("calculated on"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("price calculation")
        verbose_name_plural = _("price calculations")

    def __str__(self):
        return f"{self.name}: {self.suggested_price}"
