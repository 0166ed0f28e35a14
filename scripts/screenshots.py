"""Take the README's pictures of the web page: ``python scripts/screenshots.py URL OUT_DIR``.

Run ``storyline serve`` first (on a store of the sample pages: ``storyline ingest examples/
tests/data/003_translation_en.txt``); this opens each main view in Debian's headless Chromium
and saves a PNG per view.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

VIEWS = {
    "feed": "/",
    "story": None,  # the first story with more than one article
    "entity": "/entities/Тасмагамбетов",
    "events": "/events?per_page=100",
    "search": "/search?q=Rahmon",
}


def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        for name, path in VIEWS.items():
            if path is None:
                page.goto(base + "/")
                page.locator(".story-card", has_text="2 articles").locator("a.title").click()
                page.wait_for_url("**/stories/*")
            else:
                page.goto(base + path)
            page.screenshot(path=str(out / f"{name}.png"))
            print(out / f"{name}.png")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2]))
