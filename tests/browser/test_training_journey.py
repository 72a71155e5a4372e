"""An instructor runs a class on the real shop; a trainee practises on it.

Bu Nining, instructor at PKBM An-Nur, creates a class in Ibun Store, enrols
two trainees from a pasted list and prints their first-login codes. Euis
sets her password with her code, adds a product with a photo to her
practice shop, and fulfils the practice order Bu Nining gives her. The
class table shows both steps ticked. Nobody outside the class ever sees
the practice product: not the shop, its search, its sitemap nor the API.
"""

import datetime
import io
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from PIL import Image

from tests.browser.test_portal_journey import STEPS, labels_for, submit
from tests.training.cohort_world import make_instructor
from training import progress
from training.models import Cohort, Enrolment

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
Line = get_model("order", "Line")

INSTRUCTOR_PASSWORD = "rahasia-uji-123"  # tests.factories.UserFactory's
TRAINEES = "Euis Komariah, 0812-3456-7890\nImas Sulastri, 0812 3456 7891"
EUIS_PASSWORD = "rengginang-enak-77"
TITLE = "Rengginang Ketan Latihan"


def product_photo():
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (201, 150, 60)).save(out, "JPEG", quality=85)
    return out.getvalue()


def step_cell(page, trainee_name, step_key):
    """The class table's cell of one trainee and one step."""
    with translation.override(page.locator("html").get_attribute("lang") or "id"):
        label = str(next(step.label for step in progress.STEPS if step.key == step_key))
    row = page.locator("table.progress tbody tr", has_text=trainee_name)
    return row.locator(f"td[title^='{label}:']")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_instructor_runs_a_class_and_a_trainee_practises_unseen_by_shoppers(
    live_server, phone, another_phone, ibun
):
    ProductClass.objects.get_or_create(name="Makanan", defaults={"track_stock": True})
    Category.add_root(name="Makanan & Camilan")
    make_instructor(username="nining", first_name="Nining", last_name="Rahayu")
    port = live_server.url.rsplit(":", 1)[1]
    shop = f"http://ibun.localhost:{port}"
    instructor = phone

    # 1. Bu Nining signs in and creates the class.
    instructor.goto(f"{shop}/jual/masuk/?next=/latih/")
    instructor.fill("input[name=username]", "nining")
    instructor.fill("input[name=password]", INSTRUCTOR_PASSWORD)
    submit(instructor, "form:has(input[name=password])")
    assert urlsplit(instructor.url).path == reverse("training:cohort-list")
    with instructor.expect_navigation():
        instructor.locator(f"a[href='{reverse('training:cohort-create')}']").click()
    instructor.fill("input[name=name]", "Kelas Pemasaran Digital")
    instructor.fill("input[name=learning_centre]", "PKBM An-Nur")
    instructor.select_option("select[name=site]", label=ibun.site_name)
    today = datetime.date.today()
    instructor.fill("input[name=starts_on]", today.isoformat())
    instructor.fill("input[name=ends_on]", (today + datetime.timedelta(days=60)).isoformat())
    submit(instructor, "form:has(input[name=learning_centre])")
    cohort = Cohort.objects.get()
    detail = reverse("training:cohort-detail", kwargs={"pk": cohort.pk})
    assert urlsplit(instructor.url).path == detail

    # 2. She enrols two trainees from a pasted list.
    enrol_url = reverse("training:enrol", kwargs={"pk": cohort.pk})
    with instructor.expect_navigation():
        instructor.locator(f"a[href='{enrol_url}']").first.click()
    instructor.fill("textarea[name=trainees]", TRAINEES)
    submit(instructor, "form:has(textarea[name=trainees])")
    enrolments = {item.trainee.get_full_name(): item for item in Enrolment.objects.all()}
    assert set(enrolments) == {"Euis Komariah", "Imas Sulastri"}
    euis = enrolments["Euis Komariah"]
    practice = euis.practice_producer
    assert practice.is_practice and practice.practice_of == euis.producer

    # 3. She prints the first-login codes.
    instructor.goto(f"{shop}{reverse('training:login-codes', kwargs={'pk': cohort.pk})}")
    submit(instructor, "form:has(input[name=enrolment])")
    card = instructor.locator(".login-card", has_text="Euis Komariah")
    code = card.locator(".code").inner_text().strip()
    assert re.fullmatch(r"\d{6}", code)
    assert instructor.locator(".login-card").count() == 2

    # 4. Euis sets her password with the code and signs in with her phone.
    trainee = another_phone()
    trainee.goto(f"{shop}{reverse('portal:reset')}")
    trainee.fill("input[name=identifier]", "0812-3456-7890")
    trainee.fill("input[name=code]", code)
    trainee.fill("input[name=new_password1]", EUIS_PASSWORD)
    trainee.fill("input[name=new_password2]", EUIS_PASSWORD)
    submit(trainee, "form:has(input[name=code])")
    trainee.goto(f"{shop}/jual/masuk/")
    trainee.fill("input[name=username]", "0812 3456 7890")
    trainee.fill("input[name=password]", EUIS_PASSWORD)
    submit(trainee, "form:has(input[name=password])")

    # 5. In her practice shop she adds a product with a photo.
    trainee.goto(f"{shop}{reverse('portal:product-add', kwargs={'producer': practice.code})}")
    assert trainee.locator(".notice.practice").count() == 1, "no practice-shop banner"
    trainee.set_input_files(
        "input[name=photos]",
        files=[{"name": "rengginang.jpg", "mimeType": "image/jpeg", "buffer": product_photo()}],
    )
    submit(trainee, "form.photo-upload")
    trainee.wait_for_url(re.compile(r"/produk/\d+/detail/$"))
    trainee.fill("input[name=title]", TITLE)
    trainee.fill("input[name=price]", "15.000")
    trainee.select_option("select[name=category]", label="Makanan & Camilan")
    trainee.fill("textarea[name=description]", "Rengginang ketan, 250 gram per bungkus.")
    submit(trainee, "form:has(input[name=title])")
    trainee.wait_for_url(re.compile(r"/produk/\d+/stok/$"))
    trainee.check("input[name=fulfilment][value=stock]")
    trainee.fill("input[name=num_in_stock]", "10")
    submit(trainee, "form:has(input[name=fulfilment])")
    product = Product.objects.get(producer=practice)
    assert product.is_public and product.images.count() == 1

    # 6. Bu Nining gives her a practice order.
    instructor.goto(f"{shop}{reverse('training:simulate-order', kwargs={'pk': cohort.pk})}")
    instructor.select_option("select[name=enrolment]", value=str(euis.pk))
    submit(instructor, "form:has(select[name=enrolment])")
    line = Line.objects.get(partner=practice)
    order = line.order
    assert line.product_id == product.pk and line.status == "New"

    # 7. Euis finds it in her practice shop and takes it through every step.
    trainee.goto(f"{shop}{reverse('portal:order-list', kwargs={'producer': practice.code})}")
    detail_url = reverse(
        "portal:order-detail", kwargs={"producer": practice.code, "number": order.number}
    )
    with trainee.expect_navigation():
        trainee.locator(f"a[href='{detail_url}']").first.click()
    labels = labels_for(trainee)
    for step in STEPS:  # a practice order is picked up, like the demo's sales
        button = trainee.locator(
            f"#line-{line.pk} form:has(input[name=status][value='{step}']) button[type=submit]"
        )
        with trainee.expect_navigation():
            button.click()
        assert trainee.locator(f"#line-{line.pk} .status").inner_text() == labels[step]
    line.refresh_from_db()
    assert line.status == "Delivered"

    # 8. The class table shows both steps ticked for Euis, not for Imas.
    instructor.goto(f"{shop}{detail}")
    for step in ("photo_product", "fulfilled"):
        cell = step_cell(instructor, "Euis Komariah", step)
        assert cell.get_attribute("class") == "done", step
        assert cell.inner_text().startswith("✓")
        assert step_cell(instructor, "Imas Sulastri", step).get_attribute("class") == "todo"
    assert step_cell(instructor, "Euis Komariah", "real_sale").get_attribute("class") == "todo"

    # 9. Shoppers never see the practice product, wherever they look.
    shopper = another_phone()
    shopper.goto(f"{shop}{reverse('catalogue:index')}")
    assert shopper.locator("h1").count() == 1
    assert TITLE not in shopper.content(), "in the public shop"
    shopper.goto(f"{shop}{reverse('catalogue:index')}?q=rengginang")
    assert TITLE not in shopper.content(), "in the shop's search"
    response = shopper.goto(f"{shop}{product.get_absolute_url()}")
    assert response.status == 404, "its page opens"
    response = shopper.goto(f"{shop}/sitemap.xml")
    assert response.status == 200
    assert product.get_absolute_url() not in response.text(), "in the sitemap"
    for path in ("/api/v1/products", "/api/v1/products?q=rengginang"):
        response = shopper.goto(f"{shop}{path}")
        assert response.status == 200
        assert TITLE not in response.text(), f"in the public API {path}"
    response = shopper.goto(f"{shop}/api/v1/products/{product.pk}")
    assert response.status == 404, "the public API gives it by id"
