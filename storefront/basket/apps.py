import oscar.apps.basket.apps as apps


class BasketConfig(apps.BasketConfig):
    """Oscar's basket, its lines fetched with what pricing them needs
    (models.Basket.all_lines) and adding to it with one query for the
    product (views.BasketAddView)."""

    name = "storefront.basket"
