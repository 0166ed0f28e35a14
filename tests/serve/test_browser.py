"""End to end in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright):
`storyline serve` in a subprocess, a user opening the feed, searching, opening a story and an
entity page, with a screenshot of each view. Set STORYLINE_SCREENSHOTS=DIR to keep them
(the README's pictures are made this way); otherwise they go to the test's temporary folder.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest
from playwright.sync_api import Browser, Dialog, Page, Route, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium (apt install chromium)"
    ),
]
# Flags that keep Chromium from calling home on a machine with no internet.
QUIET = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(served_db: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "storyline", "serve", "--db", str(served_db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:  # wait until it answers (a readiness poll, not a timing assertion)
        try:
            if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"storyline serve did not start: {process.communicate()[1][-2000:]}")
        time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("STORYLINE_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=QUIET)
        yield launched
        launched.close()


@dataclass
class Seen:
    outside: list[str] = field(default_factory=list)  # requests for anything off 127.0.0.1
    dialogs: list[str] = field(default_factory=list)  # alert(), confirm(): script that ran


@pytest.fixture
def seen() -> Seen:
    return Seen()


@pytest.fixture
def page(browser: Browser, server: str, seen: Seen) -> Iterator[Page]:
    """A page that refuses every request off this server and records what it tried."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    def only_local(route: Route) -> None:
        url = route.request.url
        if urlparse(url).hostname in ("127.0.0.1", "localhost") or url.startswith("data:"):
            route.continue_()
        else:
            seen.outside.append(url)
            route.abort()

    page.route("**/*", only_local)

    def on_dialog(dialog: Dialog) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    assert seen.outside == [], f"the page asked the internet for {seen.outside}"
    context.close()


def test_browser_feed_search_story_entity(page: Page, server: str, shots: Path) -> None:
    p = page
    p.goto(server + "/")
    cards = p.locator(".story-card")
    assert cards.count() == 6
    p.screenshot(path=str(shots / "feed.png"), full_page=True)

    # an English name finds Russian articles through the resolved entity
    p.fill("header form.search input[name=q]", "Rahmon")
    p.press("header form.search input[name=q]", "Enter")
    p.wait_for_url("**/search?q=Rahmon")
    results = p.locator(".result")
    assert results.count() >= 4
    languages = p.locator(".result .lang").all_inner_texts()
    assert {"EN", "RU"} <= {t.strip().upper() for t in languages}
    p.screenshot(path=str(shots / "search.png"), full_page=True)

    # the two-language story: sources side by side, each with why it joined
    p.goto(server + "/")
    p.locator(".story-card", has_text="2 articles").locator("a.title").click()
    p.wait_for_url("**/stories/*")
    assert p.locator(".side-by-side .column").count() == 2
    assert p.locator(".summary li a.evidence").count() >= 1
    p.screenshot(path=str(shots / "story.png"), full_page=True)

    # a summary sentence's link opens its article with the sentence highlighted
    p.locator(".summary li a.evidence").first.click()
    p.wait_for_url("**/articles/*")
    assert p.locator("mark#hl").count() == 1
    p.screenshot(path=str(shots / "article.png"), full_page=False)

    # an entity page: names in both scripts, events on a timeline, the co-occurrence graph
    p.goto(server + "/entities/Тасмагамбетов")
    assert "Тасмагамбетов" in p.locator("table.aliases").inner_text()
    assert p.locator("svg.timeline circle").count() >= 1
    assert p.locator("svg.graph circle").count() >= 3
    p.screenshot(path=str(shots / "entity.png"), full_page=True)


def test_browser_events_timeline_and_map(page: Page, server: str, shots: Path) -> None:
    p = page
    p.goto(server + "/events?per_page=100")
    assert p.locator("svg.map circle.place").count() >= 1
    drawn = p.evaluate(  # the bundled outlines loaded and were drawn
        "() => new Promise(ok => { const i = new Image(); i.onload = () => ok(i.naturalWidth);"
        " i.onerror = () => ok(0); i.src = '/world.svg'; })"
    )
    assert drawn > 0
    p.select_option("select[name=type]", "FIGHT")
    p.click("form.filters button")
    p.wait_for_url("**/events?type=FIGHT*")
    kinds = set(p.locator(".events .etype").all_inner_texts())
    assert kinds == {"FIGHT"}
    p.goto(server + "/events?per_page=100")
    p.screenshot(path=str(shots / "events.png"), full_page=True)


def test_browser_article_markup_stays_text(page: Page, server: str, seen: Seen) -> None:
    p = page
    p.goto(server + "/search?q=apricot")
    title = p.locator(".result a.title").first
    assert "<img src=x onerror=" in title.inner_text()
    title.click()
    p.wait_for_url("**/articles/*")
    text = p.locator(".text").inner_text()
    assert "<script>document.title = 'pwned'" in text and 'onerror="window.__pwned' in text
    assert p.evaluate("() => window.__pwned === undefined")
    assert p.title().startswith("Apricot exports <img")
    assert p.locator(".text script, .text img").count() == 0
    assert seen.dialogs == []
