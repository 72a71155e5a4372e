from oscar.apps.basket.abstract_models import AbstractBasket


class Basket(AbstractBasket):
    def all_lines(self):
        """Oscar's cached lines, each with what its price and availability
        are read from (vendors.strategy: the product's class, producer and
        stock records) in the same few queries, so that the basket, the
        checkout and the total after adding to the basket cost the same
        number of queries for one line or twenty from as many producers."""
        if self.id is None or self._lines is not None:
            return super().all_lines()
        self._lines = (
            self.lines.select_related("product__product_class", "product__producer", "stockrecord")
            .prefetch_related("attributes", "product__images", "product__stockrecords")
            .order_by(self._meta.pk.name)
        )
        return self._lines

    def add_product(self, product, quantity=1, options=None):
        """A basket saved just now has no lines: Oscar's add_product would
        read them from the database to learn the first one's currency."""
        if self.id is None:
            self.save()
            self._lines = self.lines.none()
        return super().add_product(product, quantity, options)

    add_product.alters_data = True
    add = add_product

    @property
    def num_lines(self):
        """Counted from the loaded lines, not by a COUNT query: whatever asks
        (is_empty, is_tax_known, the new total after adding) goes on to read
        the lines for the total anyway."""
        return len(self.all_lines())


from oscar.apps.basket.models import *  # noqa: E402,F403  Oscar's fork convention
