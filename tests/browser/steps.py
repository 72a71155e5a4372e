"""Steps shared by browser journeys, done as a shopper on a phone does them."""

import re

from tests.shopping import ADDRESS


def check_out_as_guest(phone, shop, product_title, payment="cod"):
    """From the shop's home page: open the product, add it to the basket and
    walk every checkout step as a guest, collecting at the pick-up point,
    paying by `payment`; ends on the thank-you page."""
    phone.goto(f"{shop}/")
    phone.get_by_role("link", name=re.compile(product_title)).first.click()
    phone.locator("form[action*='/basket/add/'] button[type=submit]").click()
    phone.goto(f"{shop}/basket/")
    phone.locator("a[href='/checkout/']").first.click()

    phone.fill("input[name=username]", "pembeli@contoh.test")
    phone.check("input[name=options][value=anonymous]")
    phone.locator("form:has(input[name=username]) button[type=submit]").first.click()

    for field in ("first_name", "phone_number", "line1", "line4"):
        phone.fill(f"[name={field}]", ADDRESS[field])
    phone.locator("form:has([name=line1]) button[type=submit]").first.click()

    phone.locator("form:has(input[name=method_code][value=pickup]) button[type=submit]").click()

    phone.check(f"input[name=method][value={payment}]")
    phone.locator("form:has(input[name=method]) button[type=submit]").click()

    phone.locator("form:has(input[name=action][value=place_order]) button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/checkout/thank-you/"))
