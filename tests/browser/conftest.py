import os
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]

# axe-core (MPL-2.0) from the npm registry, pinned; .ci/run installs it and sets AXE_CORE_JS.
AXE_CORE_VERSION = "4.14.1"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)")
    # Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
    # make to arrange data are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


class CspWatchedBrowser:
    """The session's Chromium for one test: every context it opens records the
    Content-Security-Policy violations the browser reports (Chromium logs each one on the
    console), so that a test whose pages the site's policy broke fails."""

    def __init__(self, chromium):
        self._chromium = chromium
        self.csp_violations = []

    def _record(self, message):
        if "Content Security Policy" in message.text:
            self.csp_violations.append(f"{message.location.get('url')}: {message.text}")

    def new_context(self, **options):
        context = self._chromium.new_context(**options)
        context.on("console", self._record)
        return context

    def new_page(self, **options):
        page = self._chromium.new_page(**options)
        page.context.on("console", self._record)
        return page

    def __getattr__(self, name):
        return getattr(self._chromium, name)


@pytest.fixture
def browser(chromium):
    watched = CspWatchedBrowser(chromium)
    yield watched
    assert not watched.csp_violations, f"Content-Security-Policy violations: {watched.csp_violations}"


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


@pytest.fixture(scope="session")
def axe_source(tmp_path_factory):
    """The text of axe.min.js: AXE_CORE_JS if set, else `npm install axe-core@<pinned>`."""
    path = os.environ.get("AXE_CORE_JS")
    if not path:
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("axe-core needs npm (apt-get install -y npm) or AXE_CORE_JS=<path to axe.min.js>")
        folder = tmp_path_factory.mktemp("axe")
        subprocess.run([npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(folder),
                        f"axe-core@{AXE_CORE_VERSION}"], check=True, timeout=300)
        path = folder / "node_modules" / "axe-core" / "axe.min.js"
    return Path(path).read_text(encoding="utf-8")


@pytest.fixture
def axe_violations(axe_source):
    """axe_violations(page, within="#content-main") -> the WCAG 2.1 A/AA violations axe-core
    finds in that part of the page (the admin's header and menus are Django's own)."""

    def run(page, within="#content-main"):
        # Evaluated by the test driver, which the page's CSP does not govern (an inline
        # <script> tag would be refused).
        page.evaluate(axe_source)
        return page.evaluate(
            """async (within) => {
                const result = await axe.run(within, {runOnly: {type: 'tag',
                    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
                return result.violations.map(v => ({id: v.id, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
            }""",
            within,
        )

    return run
