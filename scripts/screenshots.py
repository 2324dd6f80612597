"""Screenshot pages of a running portal at desktop and phone widths.

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 / /news/updates/ …

Writes artifacts/screenshots/<name>-<width>.png and reports any page wider than its viewport
(horizontal scrolling on a phone is a layout bug).
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
WIDTHS = {"desktop": 1280, "phone": 375}
OUT = Path("artifacts/screenshots")


def main(base_url, paths):
    OUT.mkdir(parents=True, exist_ok=True)
    problems = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for label, width in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": 900})
            for path in paths:
                page.goto(base_url + path)
                name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
                page.screenshot(path=OUT / f"{name}-{label}.png", full_page=True)
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                if overflow > 0:
                    problems += 1
                    print(f"{path} at {width}px scrolls sideways by {overflow}px")
            page.close()
        browser.close()
    print(f"screenshots in {OUT}/, {problems} page(s) wider than the screen")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:] or ["/"]))
