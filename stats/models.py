"""What the rollup (stats.rollup) keeps: page views and basket additions per
day, per producer and per product, and how far it has counted.

Shares (sharing.Share) and orders (order lines) are rows of their own and
are counted where they are, not copied here.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DailyStat(models.Model):
    """One day of one product page (or, with no product, of the producer's
    shop page). Dates are in the shop's time zone (settings.TIME_ZONE)."""

    date = models.DateField(_("date"))
    producer = models.ForeignKey(
        "partner.Partner",
        on_delete=models.CASCADE,
        related_name="daily_stats",
        verbose_name=_("producer"),
    )
    product = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="daily_stats",
        verbose_name=_("product"),
        help_text=_("Empty for the producer's shop page."),
    )
    views = models.PositiveIntegerField(_("views"), default=0)
    basket_adds = models.PositiveIntegerField(_("basket additions"), default=0)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("daily statistic")
        verbose_name_plural = _("daily statistics")
        # Two partial constraints because SQL treats NULLs as distinct: one
        # row per product and day, and one shop-page row per producer and day.
        constraints = [
            models.UniqueConstraint(
                fields=["date", "producer", "product"],
                condition=Q(product__isnull=False),
                name="stats_daily_product_unique",
            ),
            models.UniqueConstraint(
                fields=["date", "producer"],
                condition=Q(product__isnull=True),
                name="stats_daily_shop_page_unique",
            ),
        ]
        indexes = [models.Index(fields=["producer", "date"])]

    def __str__(self):
        return f"{self.date} {self.product or self.producer}: {self.views}"


class RollupMark(models.Model):
    """The first time bucket (stats.counting) not yet counted.

    It moves in the same transaction as the counts it adds, and only from
    the value the rollup read (UPDATE ... WHERE bucket = old): a bucket is
    added to the daily rows exactly once, even if two servers roll up at
    the same moment."""

    name = models.CharField(max_length=20, primary_key=True)
    bucket = models.BigIntegerField()

    def __str__(self):
        return f"{self.name}: {self.bucket}"
