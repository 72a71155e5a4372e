"""The portal actions a lesson teaches, and the portal page each one opens.

A lesson ends with "try it in your shop": a link to /jual/ke/<code>/
(vendors.portal.views.go_to), which finds the shop the reader manages and
opens the page below in it. The codes are stored on lesson pages, so they
stay stable once used; what a code opens may change here freely. Plain data
with no imports from the portal, so page models can read it while apps load.
"""

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _


class PortalAction(NamedTuple):
    code: str
    label: str
    # A portal URL name whose only argument is <producer>.
    url_name: str


ACTIONS = {
    action.code: action
    for action in [
        PortalAction("tambah-produk", _("Add a product"), "portal:product-add"),
        # Photos and descriptions are changed from her product list (Photos, Edit).
        PortalAction("foto", _("Product photos"), "portal:product-list"),
        PortalAction("deskripsi", _("Product names and descriptions"), "portal:product-list"),
        PortalAction("produk", _("My products"), "portal:product-list"),
        PortalAction("bagikan", _("Share my products"), "portal:product-list"),
        PortalAction("profil", _("My profile"), "portal:profile"),
        PortalAction("pesanan", _("Orders"), "portal:order-list"),
        PortalAction("harga", _("Pricing helper"), "portal:pricing"),
        PortalAction("saldo", _("My money"), "portal:statement"),
    ]
}

CHOICES = [(action.code, action.label) for action in ACTIONS.values()]
