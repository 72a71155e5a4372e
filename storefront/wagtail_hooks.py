from wagtail import hooks

from storefront.choosers import producer_chooser, product_chooser


@hooks.register("register_admin_viewset")
def register_choosers():
    return [product_chooser, producer_chooser]
