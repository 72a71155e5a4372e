"""Drive a guest through the checkout with Django's test client."""

from oscar.core.loading import get_model

Order = get_model("order", "Order")

ADDRESS = {
    "first_name": "Siti Uji",
    "last_name": "",
    "phone_number": "0812 3456 7890",
    "line1": "Jl. Raya Ibun No. 5, RT 01/RW 02",
    "line2": "Lampegan",
    "line4": "Ibun, Kabupaten Bandung",
    "state": "Jawa Barat",
    "postcode": "40384",
    "country": "ID",
}


def add_to_basket(client, product, quantity=1):
    return client.post(f"/basket/add/{product.pk}/", {"quantity": quantity})


def checkout_as_guest(
    client, *, email="pembeli@contoh.test", shipping="pickup", payment="cod", address=None
):
    """Walk every checkout step; returns the response of placing the order."""
    response = client.post("/checkout/", {"username": email, "options": "anonymous"})
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post("/checkout/shipping-address/", address or ADDRESS)
    assert response.status_code == 302, _errors(response)
    response = client.post("/checkout/shipping-method/", {"method_code": shipping})
    assert response.status_code == 302, _errors(response)
    response = client.post("/checkout/payment-method/", {"method": payment})
    assert response.status_code == 302, _errors(response)
    return client.post("/checkout/preview/", {"action": "place_order"})


def _errors(response):
    context = response.context
    if context and context.get("form") is not None:
        return context["form"].errors
    return response.content.decode()[:2000]
