"""Screenshots of every installed theme for the customizer, taken from a
running shop (``make run``) in headless Chromium at phone width.

    python manage.py theme_screenshots --site ibun.localhost --port 8000

Each theme is shown on that shop for the time of its screenshot, and the
shop's own theme is put back afterwards. Needs the test dependencies
(Playwright) and Debian's chromium.
"""

import io
import os
import shutil

from django.core.management.base import BaseCommand, CommandError
from PIL import Image

from storefront.models import ShopSettings
from themes import registry


class Command(BaseCommand):
    help = "Take a phone-sized screenshot of the home page in every installed theme."

    def add_arguments(self, parser):
        parser.add_argument("--site", default="ibun.localhost", help="the shop's hostname")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, site, port, **options):
        shop = ShopSettings.objects.filter(site__hostname=site).first()
        if shop is None:
            raise CommandError(f"No village shop at {site}")
        # Playwright's sync API runs an event loop in this thread; the ORM
        # calls between screenshots are still plain synchronous ones.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        from playwright.sync_api import sync_playwright

        original = shop.theme
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                    args=["--no-sandbox", "--host-resolver-rules=MAP *.localhost 127.0.0.1"],
                )
                page = browser.new_page(viewport={"width": 360, "height": 600})
                for theme in registry.installed().values():
                    ShopSettings.objects.filter(pk=shop.pk).update(theme=theme.key)
                    page.goto(f"http://{site}:{port}/", wait_until="networkidle")
                    self.save(page.screenshot(), theme)
                browser.close()
        finally:
            ShopSettings.objects.filter(pk=shop.pk).update(theme=original)

    def save(self, png, theme):
        image = Image.open(io.BytesIO(png)).convert("RGB")
        image.thumbnail((240, 400))
        path = theme.path / (theme.screenshot or "screenshot.png")
        image.save(path, "PNG", optimize=True)
        self.stdout.write(f"{path} ({image.width}x{image.height})")
