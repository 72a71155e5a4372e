"""Issue #5, "Done when": every shopper page in both complete themes.

Desa and Pasar Pagi each show Ibun Store (the demo: producers with photos,
products with photos, stories, an About page) on a 360 px phone and a
1280 px laptop. Every main shopper page, from the home page to the order
status page, is screenshotted under test-results/themes/<theme>/ and must fit
the screen and have one <h1>; on the phone it must have no serious or
critical accessibility violation and every picture a fitting alt text. A
first visit weighs under the budget, no shopper page loads JavaScript, a
shopper can order with JavaScript switched off, and the operator switches a
shop's theme and colours in the CMS with a preview first.
"""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from oscar.core.loading import get_model
from wagtail.models import Site

from bench.pageweight import BUDGET_BYTES, CSS_BUDGET_BYTES, measure
from storefront import demo_images
from storefront.models import ContentPage, ShopSettings, StoryIndexPage, StoryPage
from tests import factories
from tests.browser.steps import check_out_as_guest
from tests.shopping import ADDRESS

Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")

RESULTS = Path(__file__).resolve().parents[2] / "test-results" / "themes"
THEMES = ("desa", "pasar")
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
SHOPPER_EMAIL = "pembeli@contoh.test"
CAPTION = "Keripik singkong pedas dalam kemasan 250 gram"
SEARCH = "keripik"
# Images that are content, never decoration: product and producer photos.
CONTENT_IMAGE = re.compile(r"^/(r/\d+/\w+/|media/)")
RENDITION = re.compile(r"^/r/\d+/\w+/(?P<name>.+)$")


# -- the shop ----------------------------------------------------------------


class DemoShop:
    """Ibun Store as `seed_demo` makes it, served by the live server, and
    the pages a shopper visits in it."""

    def __init__(self, live_server):
        factories.data_from_migrations()  # what a flushed database lacks, if anything
        call_command("seed_demo", verbosity=0)
        self.site = Site.objects.get(hostname="ibun.localhost")
        port = live_server.url.rsplit(":", 1)[1]
        self.url = f"http://ibun.localhost:{port}"
        self.product = (
            Product.objects.filter(
                producer__site=self.site,
                producer__is_practice=False,  # the training demo's are not for sale
                stockrecords__num_in_stock__gt=0,
                images__isnull=False,
                categories__isnull=False,
            )
            .order_by("upc")
            .first()
        )
        # A second photo, with a caption: the product page shows a gallery
        # and both kinds of alt text (the product's name, the caption).
        ProductImage.objects.create(
            product=self.product,
            display_order=1,
            caption=CAPTION,
            original=ContentFile(
                demo_images.product_jpeg(CAPTION, self.product.product_class.name),
                name=f"{self.product.upc}-2.jpg",
            ),
        )
        self.category = self.product.categories.order_by("pk").first()
        self.producer = self.product.producer
        root = self.site.root_page
        self.story = next(
            story
            for story in StoryPage.objects.live().descendant_of(root).specific()
            if any(block.block_type == "product" for block in story.body)
        )
        self.about = ContentPage.objects.live().descendant_of(root).get(show_contacts=True)
        self.stories = StoryIndexPage.objects.live().child_of(root).get()
        # What each product photo may be called: its caption or its product's name.
        self.photo_names = {}
        for photo in ProductImage.objects.select_related("product"):
            names = {photo.product.get_title()} | ({photo.caption} if photo.caption else set())
            self.photo_names[photo.original.name] = names

    def use_theme(self, theme):
        ShopSettings.objects.filter(site=self.site).update(theme=theme, theme_options={})

    def pages(self):
        """(name, path) of the pages a shopper opens without a basket."""
        return [
            ("home", "/"),
            ("catalogue", reverse("catalogue:index")),
            ("category", self.category.get_absolute_url()),
            ("search", f"{reverse('catalogue:index')}?q={SEARCH}"),
            ("product", self.product.get_absolute_url()),
            ("producers", reverse("vendors:producer-list")),
            ("producer", reverse("vendors:producer-detail", kwargs={"code": self.producer.code})),
            ("stories", self.stories.relative_url(self.site)),
            ("story", self.story.relative_url(self.site)),
            ("about", self.about.relative_url(self.site)),
            ("order-lookup", reverse("order-lookup")),
        ]


@pytest.fixture
def demo(live_server):
    return DemoShop(live_server)


# -- what is checked on each page ---------------------------------------------


class Inspector:
    """Checks each page a context opens and keeps every problem found, so
    one run reports all of them."""

    def __init__(self, shop, theme, viewport):
        self.shop, self.theme, self.viewport = shop, theme, viewport
        self.width = viewport["width"]
        self.problems = []
        self.scripts = []
        (RESULTS / theme).mkdir(parents=True, exist_ok=True)

    def watch(self, page):
        page.context.on(
            "request",
            lambda request: (
                self.scripts.append(request.url) if request.resource_type == "script" else None
            ),
        )

    def problem(self, name, text):
        self.problems.append(f"{self.theme} {name} at {self.width} px: {text}")

    def check(self, page, name):
        page.wait_for_load_state("load")
        # A full-page screenshot shows the photos below the fold too.
        page.evaluate(
            "document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')"
        )
        page.wait_for_function("[...document.images].every(image => image.complete)")
        page.screenshot(path=RESULTS / self.theme / f"{name}-{self.width}.png", full_page=True)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > self.width:
            self.problem(name, f"scrolls sideways (scrollWidth {scroll_width})")
        headings = page.locator("h1").all_inner_texts()
        if len(headings) != 1:
            self.problem(name, f"{len(headings)} <h1> instead of one: {headings}")
        if self.scripts:
            self.problem(name, f"loads JavaScript: {self.scripts}")
            self.scripts.clear()
        inline = page.evaluate(
            """() => [...document.scripts]
                .filter(s => !s.type || /javascript|module/.test(s.type))
                .map(s => s.src || s.textContent.slice(0, 80))"""
        )
        if inline:
            self.problem(name, f"has <script>: {inline}")
        if self.width == PHONE["width"]:
            self.check_accessibility(page, name)
            self.check_images(page, name)

    def check_accessibility(self, page, name):
        results = Axe().run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                nodes = "; ".join(
                    f"{node['target']} {node['failureSummary'].splitlines()[-1].strip()[:160]}"
                    for node in violation["nodes"][:3]
                )
                self.problem(
                    name,
                    f"axe {violation['impact']}: {violation['id']} ({violation['help']}): {nodes}",
                )

    def check_images(self, page, name):
        images = page.evaluate(
            """() => [...document.images].map(img => ({
                src: img.getAttribute('src') || '',
                alt: img.getAttribute('alt'),
                html: img.outerHTML.slice(0, 160),
                linkText: (() => {
                    const link = img.closest('a, button');
                    if (!link) return null;
                    const copy = link.cloneNode(true);
                    copy.querySelectorAll('img').forEach(i => i.remove());
                    return copy.textContent.trim() + (link.getAttribute('aria-label') || '');
                })(),
            }))"""
        )
        for image in images:
            path = urlsplit(image["src"]).path
            if image["alt"] is None:
                self.problem(name, f"<img> without alt: {image['html']}")
                continue
            alt = image["alt"].strip()
            if not alt and (CONTENT_IMAGE.match(path) or image["linkText"] == ""):
                self.problem(
                    name, f"an image that is not decoration has an empty alt: {image['html']}"
                )
            rendition = RENDITION.match(path)
            if rendition:
                expected = self.shop.photo_names.get(unquote(rendition["name"]))
                if expected is None:
                    self.problem(name, f"a product photo of no product: {image['html']}")
                elif alt not in expected:
                    self.problem(
                        name, f"product photo alt {alt!r} is neither of {sorted(expected)}"
                    )


def walk_the_shop(browser, shop, theme, viewport):
    """Open every main shopper page in one context, as one shopper: browse,
    fill the basket, check out as a guest paying cash on delivery, follow
    the order; check each page on the way. Returns the problems found."""
    inspector = Inspector(shop, theme, viewport)
    context = browser.new_context(viewport=viewport, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15000)
    inspector.watch(page)
    try:
        for name, path in shop.pages():
            page.goto(shop.url + path)
            inspector.check(page, name)

        page.goto(shop.url + shop.product.get_absolute_url())
        page.locator("form[action*='/basket/add/'] button[type=submit]").click()
        page.goto(f"{shop.url}/basket/")
        inspector.check(page, "basket")

        page.locator("a[href='/checkout/']").first.click()
        inspector.check(page, "checkout-gateway")
        page.fill("input[name=username]", SHOPPER_EMAIL)
        page.check("input[name=options][value=anonymous]")
        page.locator("form:has(input[name=username]) button[type=submit]").first.click()

        page.wait_for_url(re.compile(r"/checkout/shipping-address/"))
        inspector.check(page, "checkout-address")
        for field in ("first_name", "phone_number", "line1", "line4"):
            page.fill(f"[name={field}]", ADDRESS[field])
        page.locator("form:has([name=line1]) button[type=submit]").first.click()

        page.wait_for_url(re.compile(r"/checkout/shipping-method/"))
        inspector.check(page, "checkout-shipping")
        page.locator("form:has(input[name=method_code][value=pickup]) button[type=submit]").click()

        page.wait_for_url(re.compile(r"/checkout/payment-method/"))
        inspector.check(page, "checkout-payment")
        page.check("input[name=method][value=cod]")
        page.locator("form:has(input[name=method]) button[type=submit]").click()

        page.wait_for_url(re.compile(r"/checkout/preview/"))
        inspector.check(page, "checkout-preview")
        page.locator("form:has(input[name=action][value=place_order]) button[type=submit]").click()

        page.wait_for_url(re.compile(r"/checkout/thank-you/"))
        inspector.check(page, "thank-you")
        order = Order.objects.filter(guest_email=SHOPPER_EMAIL).latest("pk")
        assert order.number in page.content()
        assert order.sources.get().source_type.code == "cod"

        status = reverse(
            "customer:anon-order",
            kwargs={"order_number": order.number, "hash": order.verification_hash()},
        )
        form = reverse(
            "customer:anon-order-form",
            kwargs={"order_number": order.number, "hash": order.verification_hash()},
        )
        page.goto(shop.url + form)
        inspector.check(page, "order-status-form")
        page.fill("input[name=email]", SHOPPER_EMAIL)
        page.locator("form:has(input[name=email]) button[type=submit]").click()
        page.wait_for_url(re.compile(re.escape(status) + "$"))
        inspector.check(page, "order-status")

        response = page.goto(f"{shop.url}/tidak-ada-halaman-ini/")
        assert response.status == 404
        inspector.check(page, "404")
    finally:
        context.close()
    return inspector.problems


# -- the tests -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("theme", THEMES)
def test_every_shopper_page_fits_phone_and_laptop_and_is_accessible(browser, demo, theme):
    demo.use_theme(theme)
    problems = []
    for viewport in (PHONE, LAPTOP):
        problems += walk_the_shop(browser, demo, theme, viewport)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


# Pages a first-time visitor can open without a basket, weighed in a fresh
# context; the budget is asserted on these, the others are reported.
WEIGHED = ("home", "product")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_first_visit_on_a_phone_is_light_and_loads_no_javascript(browser, demo):
    report, problems = [], []
    for theme in THEMES:
        demo.use_theme(theme)
        others = [("basket", reverse("basket:summary")), ("404", "/tidak-ada-halaman-ini/")]
        for name, path in [*demo.pages(), *others]:
            weight = measure(browser, demo.url + path, PHONE)
            css = weight.by_type.get("stylesheet", 0)
            over = weight.total > BUDGET_BYTES
            report.append(f"{theme:6} {name:13} {weight.row()}{'  OVER BUDGET' if over else ''}")
            if over and name in WEIGHED:
                problems.append(f"{theme} {name}: {weight.total} bytes > {BUDGET_BYTES}")
            if css >= CSS_BUDGET_BYTES:
                problems.append(f"{theme} {name}: {css} bytes of CSS >= {CSS_BUDGET_BYTES}")
            if weight.by_type.get("script"):
                problems.append(f"{theme} {name}: loads {weight.by_type['script']} bytes of script")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "pageweight.txt").write_text("\n".join(report) + "\n")
    print("\n".join(report))
    assert not problems, "\n".join(problems) + "\n\n" + "\n".join(report)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_shopper_without_javascript_finds_a_product_and_orders_it(live_server, browser, ibun):
    ShopSettings.objects.filter(site=ibun).update(theme="pasar")
    producer = factories.ProducerFactory(site=ibun, name="Rengginang Bu Uji")
    product = factories.ProductFactory(
        title="Rengginang Ketan Terasi", producer=producer, stock=5, stock__price=18000
    )
    ProductImage.objects.create(
        product=product,
        original=ContentFile(demo_images.product_jpeg(product.title, "Makanan"), name="r.jpg"),
    )
    factories.ProductFactory(title="Opak Singkong", producer=producer, stock=5)
    port = live_server.url.rsplit(":", 1)[1]
    shop = f"http://ibun.localhost:{port}"
    context = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    scripts = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    shots = RESULTS / "pasar"
    shots.mkdir(parents=True, exist_ok=True)
    try:
        page.goto(f"{shop}/")
        assert page.locator("link[href*='pasar/pasar.css']").count() == 1
        page.fill("input[name=q]", "rengginang")
        page.locator("form[role=search] button[type=submit]").click()
        page.wait_for_url(re.compile(r"[?&]q=rengginang"))
        page.screenshot(path=shots / "nojs-search-360.png", full_page=True)
        results = page.locator(".product-card").all_inner_texts()
        assert len(results) == 1 and "Rengginang Ketan Terasi" in results[0], results

        check_out_as_guest(page, shop, "Rengginang Ketan Terasi", payment="cod")
        page.screenshot(path=shots / "nojs-thank-you-360.png", full_page=True)
        order = Order.objects.get()
        assert order.number in page.content()
        assert order.sources.get().source_type.code == "cod"
        assert [(line.title, line.quantity) for line in order.lines.all()] == [
            ("Rengginang Ketan Terasi", 1)
        ]
        assert order.email == SHOPPER_EMAIL
        assert not scripts, f"JavaScript was asked for: {scripts}"
    finally:
        context.close()


BRAND = "#1d4ed8"


def brand_colour(page):
    return page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--brand').trim()"
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_operator_switches_the_theme_and_its_colour_in_the_cms(
    live_server, browser, ibun, other_shop, settings
):
    port = int(live_server.url.rsplit(":", 1)[1])
    # The Site's port is the one its shop is served on, as in production:
    # the customizer's preview frame is the Site's root_url (hostname and
    # port), and a preview may be framed by WAGTAILADMIN_BASE_URL only.
    Site.objects.filter(pk=ibun.pk).update(port=port)
    settings.WAGTAILADMIN_BASE_URL = f"http://localhost:{port}"
    ibun_url, other_url = f"http://ibun.localhost:{port}", f"http://pangalengan.localhost:{port}"
    factories.ProductFactory(
        title="Rengginang Ketan", producer=factories.ProducerFactory(site=ibun), stock=5
    )
    operator = factories.UserFactory(username="operator", is_staff=True, is_superuser=True)
    shots = RESULTS / "cms"
    shots.mkdir(parents=True, exist_ok=True)

    cms_context = browser.new_context(viewport=LAPTOP, locale="id-ID")
    shopper_context = browser.new_context(viewport=PHONE, locale="id-ID")
    cms, shopper = cms_context.new_page(), shopper_context.new_page()
    for page in (cms, shopper):
        page.set_default_timeout(15000)
    try:
        shopper.goto(f"{ibun_url}/")
        assert shopper.locator("link[href*='desa/site.css']").count() == 1

        cms.goto(f"http://localhost:{port}/cms/login/")
        cms.fill("input[name=username]", operator.username)
        cms.fill("input[name=password]", "rahasia-uji-123")  # UserFactory's
        cms.screenshot(path=shots / "1-login.png")
        cms.locator("form:has(input[name=password]) button[type=submit]").click()
        cms.wait_for_url(re.compile(r"/cms/$"))

        edit = reverse("wagtailsettings:edit", args=["storefront", "shopsettings", ibun.pk])
        cms.goto(f"http://localhost:{port}{edit}")
        cms.select_option("select[name=theme]", label="Pasar Pagi")
        cms.screenshot(path=shots / "2-shop-settings.png", full_page=True)
        cms.locator("form[method=post]:has(select[name=theme]) button[type=submit]").first.click()
        cms.locator(".messages li.success").wait_for(state="attached")
        cms.screenshot(path=shots / "3-shop-settings-saved.png")
        assert ShopSettings.objects.get(site=ibun).theme == "pasar"

        shopper.goto(f"{ibun_url}/")
        shopper.screenshot(path=shots / "4-ibun-in-pasar.png", full_page=True)
        assert shopper.locator("link[href*='pasar/pasar.css']").count() == 1
        assert shopper.locator("link[href*='desa/site.css']").count() == 0
        shopper.goto(f"{other_url}/")
        shopper.screenshot(path=shots / "5-pangalengan-still-desa.png", full_page=True)
        assert shopper.locator("link[href*='desa/site.css']").count() == 1
        assert shopper.locator("link[href*='pasar/pasar.css']").count() == 0

        customizer = reverse("themes:customize", kwargs={"site_id": ibun.pk})
        cms.goto(f"http://localhost:{port}{customizer}")
        assert cms.locator("select[name=theme]").input_value() == "pasar"
        cms.fill("input[name=primary_color]", BRAND)
        cms.locator("button[name=action][value=preview]").click()
        frame_element = cms.locator("iframe[src*='pratinjau=']")
        frame_element.wait_for()
        frame = frame_element.content_frame
        frame.locator("link[href*='pasar/pasar.css']").wait_for(state="attached")
        cms.screenshot(path=shots / "6-customizer-preview.png", full_page=True)
        preview_brand = frame.locator("html").evaluate(
            "html => getComputedStyle(html).getPropertyValue('--brand').trim()"
        )
        assert preview_brand == BRAND, "the preview frame shows the draft colour"
        shopper.goto(f"{ibun_url}/")
        assert brand_colour(shopper) != BRAND, "shoppers see nothing before publishing"
        assert ShopSettings.objects.get(site=ibun).theme_options == {}

        cms.locator("button[name=action][value=publish]").click()
        cms.locator(".messages li.success").wait_for(state="attached")
        cms.screenshot(path=shots / "7-customizer-published.png", full_page=True)
        shopper.goto(f"{ibun_url}/")
        shopper.screenshot(path=shots / "8-ibun-published.png", full_page=True)
        assert brand_colour(shopper) == BRAND
        assert shopper.locator("link[href*='pasar/pasar.css']").count() == 1
        shopper.goto(f"{other_url}/")
        assert brand_colour(shopper) != BRAND
    finally:
        cms_context.close()
        shopper_context.close()
