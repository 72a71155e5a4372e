"""Offer benefits in whole rupiah.

Oscar spreads a discount over the basket's lines to the cent (15% of
Rp 12.345 is Rp 1.851,75), which makes totals nobody can transfer and that
Stripe cannot charge. These benefits do exactly what Oscar's do, then round
each line's share down to whole rupiah: the shopper never gets more than
the offer promises, and every total stays payable.
"""

from oscar.apps.offer import benefits
from oscar.apps.offer.benefits import *  # noqa: F403  Oscar's fork convention
from oscar.core.loading import get_class

from storefront import money

BasketDiscount = get_class("offer.results", "BasketDiscount")


class WholeRupiah:
    def apply(self, basket, condition, offer, **kwargs):
        lines = list(basket.all_lines())
        before = [len(line.discounts.all()) for line in lines]
        result = super().apply(basket, condition, offer, **kwargs)
        total = 0
        for line, count in zip(lines, before, strict=True):
            applied = line.discounts.all()  # the line's own list
            for index in range(count, len(applied)):
                rounded = money.round_discount(applied[index].amount)
                applied[index] = applied[index]._replace(amount=rounded)
                total += rounded
            # Its cached sums are stale now.
            line.discounts._discount_incl_tax = None
            line.discounts._discount_excl_tax = None
        if isinstance(result, BasketDiscount) and result.discount:
            return BasketDiscount(total)
        return result


class WholeRupiahPercentageDiscountBenefit(WholeRupiah, benefits.PercentageDiscountBenefit):
    class Meta:
        app_label = "offer"
        proxy = True


class WholeRupiahAbsoluteDiscountBenefit(WholeRupiah, benefits.AbsoluteDiscountBenefit):
    class Meta:
        app_label = "offer"
        proxy = True


class WholeRupiahFixedPriceBenefit(WholeRupiah, benefits.FixedPriceBenefit):
    class Meta:
        app_label = "offer"
        proxy = True


# What Oscar's offers use (oscar.apps.offer.abstract_models.Benefit.proxy_map).
PercentageDiscountBenefit = WholeRupiahPercentageDiscountBenefit
AbsoluteDiscountBenefit = WholeRupiahAbsoluteDiscountBenefit
FixedPriceBenefit = WholeRupiahFixedPriceBenefit
