"""Browser journeys: Playwright driving Debian's chromium, headless.

No browser is downloaded: the system's /usr/bin/chromium is used, with the
flags a sandboxed CI machine without network needs.
"""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM
    # calls made by the test itself are still plain synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                # Village shops are sub-domains of localhost.
                "--host-resolver-rules=MAP *.localhost 127.0.0.1, MAP localhost 127.0.0.1",
            ],
        )
        yield browser
        browser.close()


def open_phone(browser):
    """A page in a 360 x 740 phone-sized viewport, in a context of its own."""
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


@pytest.fixture
def phone(browser):
    """A page in a 360 x 740 phone-sized viewport."""
    page = open_phone(browser)
    yield page
    page.context.close()


@pytest.fixture
def another_phone(browser):
    """Opens more phones, each with its own cookies: ``shopper = another_phone()``."""
    pages = []

    def make():
        pages.append(open_phone(browser))
        return pages[-1]

    yield make
    for page in pages:
        page.context.close()
