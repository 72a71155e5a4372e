from oscar.apps.offer import applicator


class Applicator(applicator.Applicator):
    def get_basket_offers(self, basket, user):
        """Oscar's reads the basket's vouchers; a basket saved just now
        (Basket.add_product) has none yet."""
        if getattr(basket, "created_just_now", False):
            return []
        return super().get_basket_offers(basket, user)
