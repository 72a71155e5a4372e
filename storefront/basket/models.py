from oscar.apps.basket.abstract_models import AbstractBasket


class Basket(AbstractBasket):
    # The lines of a basket saved by this instance just now, exactly as the
    # database holds them (add_product); reset_offer_applications keeps them
    # instead of reading them back.
    _lines_written = None

    def all_lines(self):
        """Oscar's cached lines, each with what its price and availability
        are read from (vendors.strategy: the product's class, producer and
        stock records) in the same few queries, so that the basket, the
        checkout and the total after adding to the basket cost the same
        number of queries for one line or twenty from as many producers.
        Iterate over them: they can be a list (add_product)."""
        if self.id is None or self._lines is not None:
            return super().all_lines()
        self._lines = (
            self.lines.select_related("product__product_class", "product__producer", "stockrecord")
            .prefetch_related("attributes", "product__images", "product__stockrecords")
            .order_by(self._meta.pk.name)
        )
        return self._lines

    def add_product(self, product, quantity=1, options=None):
        """Oscar's, knowing what a basket saved just now holds: no lines
        before (Oscar's would read them for the first one's currency) and
        exactly the line returned after, which stays loaded rather than
        being read back after the add and again when the offers are
        applied for the new total. A shopper's first add to the basket,
        the busiest write of a shop day, costs four queries fewer."""
        if self.id is not None:
            self._lines_written = None
            return super().add_product(product, quantity, options)
        self.save()
        self.created_just_now = True
        self._lines = self.lines.none()
        line, created = super().add_product(product, quantity, options)
        self._lines = self._lines_written = [line]
        return line, created

    add_product.alters_data = True
    add = add_product

    def reset_offer_applications(self):
        """Oscar's drops the loaded lines, to read them again without the
        discounts; lines this instance has just written are kept, their
        discounts cleared. Anything else that changes the lines (flush,
        merge_line, Oscar's add_product) drops them first, so they are read
        again as before."""
        written = self._lines_written if self._lines is self._lines_written else None
        super().reset_offer_applications()
        if written is not None:
            for line in written:
                line.clear_discount()
            self._lines = written

    @property
    def num_lines(self):
        """Counted from the loaded lines, not by a COUNT query: whatever asks
        (is_empty, is_tax_known, the new total after adding) goes on to read
        the lines for the total anyway."""
        return len(self.all_lines())


from oscar.apps.basket.models import *  # noqa: E402,F403  Oscar's fork convention
