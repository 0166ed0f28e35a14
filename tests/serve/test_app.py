"""The HTTP API and the pages it shares handlers with, against the app in process."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyline.errors import ConfigError
from storyline.serve import create_app
from tests.serve.conftest import HOSTILE_TITLE


@pytest.fixture(scope="module")
def client(served_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(served_db)) as test_client:
        yield test_client


def get(client: TestClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:400])
    return response.json()


def test_app_feed_newest_first_with_pages(client: TestClient) -> None:
    feed = get(client, "/api/stories")
    assert len(feed["items"]) == 6 and not feed["more"]
    days = [s["date_span"][1] or "" for s in feed["items"]]
    assert days == sorted(days, reverse=True)
    [pair] = [s for s in feed["items"] if s["articles"] == 2]
    assert pair["languages"] == ["en", "ru"]
    first = get(client, "/api/stories?per_page=2")
    second = get(client, "/api/stories?per_page=2&page=2")
    assert first["more"] and len(first["items"]) == 2
    assert not {s["id"] for s in first["items"]} & {s["id"] for s in second["items"]}


@pytest.mark.parametrize(
    ("query", "expect"),
    [
        ("language=ru", lambda s: "ru" in s["languages"]),
        # seed 000 (Fars, English) names him too, spelled Tasmagambetov
        (
            "entity=Тасмагамбетов",
            lambda s: s["articles"] == 2 or "Fars News Agency" in s["outlets"],
        ),
        ("since=2025-01", lambda s: (s["date_span"][1] or "") >= "2025-01"),
        ("outlet=Fars%20News%20Agency", lambda s: "Fars News Agency" in s["outlets"]),
    ],
)
def test_app_feed_filters(client: TestClient, query: str, expect: Any) -> None:
    items = get(client, f"/api/stories?{query}")["items"]
    assert items and all(expect(s) for s in items)
    assert len(items) < 6


def test_app_story_sources_side_by_side_and_differences(client: TestClient) -> None:
    [pair] = [s for s in get(client, "/api/stories")["items"] if s["articles"] == 2]
    story = get(client, f"/api/stories/{pair['id']}")
    assert set(story["sources_by_language"]) == {"en", "ru"}
    assert all(m["lead"] for m in story["members"])
    visit = next(d for d in story["differences"] if d["date"] == "2025-01-29")
    assert {r["language"] for r in visit["reports"]} == {"en", "ru"}
    assert "date" not in visit["differs"]
    for item in story["summary"]:  # every summary sentence points at its characters
        article = get(client, f"/api/articles/{item['article_id']}")
        text = "".join(s["text"] for s in article["segments"])
        start, end = item["span"]
        assert text[start:end] == item["sentence"]
    page = client.get(f"/stories/{pair['id']}").text
    assert "Sources side by side" in page and "CSTO Secretary General visits Dushanbe" in page


def test_app_article_highlights_evidence_and_links_entities(client: TestClient) -> None:
    event = get(client, "/api/events?type=FIGHT")["items"][0]
    record = get(client, f"/api/events/{event['id']}")
    report = record["reports"][0]
    start, end = report["evidence_span"]
    article = get(client, f"/api/articles/{report['article_id']}?hl={start}-{end}")
    marked = "".join(s["text"] for s in article["segments"] if s["mark"])
    assert marked == report["evidence"]
    linked = {s["entity_id"] for s in article["segments"] if s["entity_id"]}
    assert "per:rahmon" in linked or "org:tj-gknb" in linked
    page = client.get(f"/articles/{report['article_id']}?hl={start}-{end}").text
    assert '<mark id="hl">' in page


def test_app_entity_by_any_spelling(client: TestClient) -> None:
    entity = get(client, "/api/entities/Тасмагамбетов")
    assert entity["id"].startswith("per:") and entity["type"] == "PER"
    scripts = {a["script"] for a in entity["aliases"]}
    assert {"Latin", "Cyrillic"} <= scripts
    assert entity["events"] and entity["timeline"]["points"]
    assert any(n["id"] == "country:TJ" or n["type"] == "PER" for n in entity["neighbours"])
    rahmon = get(client, "/api/entities/per:rahmon")
    assert any(r["role"] == "president" for r in rahmon["roles"])


def test_app_events_filters_timeline_and_map(client: TestClient) -> None:
    fights = get(client, "/api/events?type=FIGHT")["items"]
    assert fights and all(e["type"] == "FIGHT" for e in fights)
    in_dushanbe = get(client, "/api/events?place=Dushanbe")
    assert in_dushanbe["items"] and all(
        e["place"]["name"] == "Dushanbe" for e in in_dushanbe["items"]
    )
    assert in_dushanbe["map"]["points"]
    x, y = in_dushanbe["map"]["points"][0]["x"], in_dushanbe["map"]["points"][0]["y"]
    assert (round(x), round(y)) == (249, 51)  # 68.77 E, 38.56 N
    with_rahmon = get(client, "/api/events?entity=Rahmon")["items"]
    assert with_rahmon and all(
        "per:rahmon" in {a["entity_id"] for a in e["actors"] + e["targets"]} for e in with_rahmon
    )
    assert get(client, "/api/events?since=2030")["items"] == []
    every = get(client, "/api/events?per_page=200")["items"]
    assert get(client, "/api/events?per_page=200&type=&entity=&since=")["items"] == every


def test_app_search_crosses_languages_through_entities(client: TestClient) -> None:
    found = get(client, "/api/search?q=Rahmon")
    assert "ru" in {a["language"] for a in found["items"]}
    russian = next(a for a in found["items"] if a["language"] == "ru")
    assert any("Emomali Rahmon" in r for r in russian["reasons"])
    back = get(client, "/api/search?q=Тасмагамбетов")
    assert "en" in {a["language"] for a in back["items"]}
    words = get(client, "/api/search?q=interparliamentary")
    assert words["items"] and words["items"][0]["reasons"] == ["text matches the words"]
    assert get(client, "/api/search?q=zzzqqq")["items"] == []


def test_app_search_finds_stories_by_meaning(client: TestClient, served_db: Path) -> None:
    # a Russian query about seed 004's lead (an English article on the Putin–Rahmon call)
    found = get(client, "/api/search?q=телефонный разговор президентов")
    assert found["items"] == []  # no name and no word of it occurs in any article…
    call = get(client, "/api/events?entity=Putin")["items"][0]
    article = get(client, f"/api/events/{call['id']}")["reports"][0]["article_id"]
    story = get(client, f"/api/articles/{article}")["story_id"]
    assert found["similar_stories"][0]["id"] == story  # …but its meaning finds the story
    assert get(client, "/api/search?q=weather tomorrow")["similar_stories"] == []
    with TestClient(create_app(served_db, semantic=False)) as plain:
        assert get(plain, "/api/search?q=border clash")["similar_stories"] == []


@pytest.mark.parametrize(
    ("url", "status", "code", "names"),
    [
        ("/api/stories/st-nope", 404, "not_found", "no story"),
        ("/api/events?type=BOGUS", 422, "invalid_parameter", "type"),
        ("/api/stories?since=yesterday", 422, "invalid_parameter", "since"),
        ("/api/stories?per_page=0", 422, "invalid_parameter", "per_page"),
        ("/api/search", 422, "invalid_parameter", "q"),
        ("/api/articles/x?hl=9-2", 400, "bad_request", "end comes before"),
        ("/api/entities/nobody-at-all", 404, "not_found", "no entity"),
        ("/api/no-such-route", 404, "not_found", "Not Found"),
    ],
)
def test_app_errors_have_one_shape(
    client: TestClient, url: str, status: int, code: str, names: str
) -> None:
    error = get(client, url, status)["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert (error["status"], error["code"]) == (status, code)
    assert names in error["message"]
    page = client.get(url.removeprefix("/api"))
    if url != "/api/no-such-route":
        assert page.status_code == status and names in page.text


def test_app_pages_render_hostile_text_inert(client: TestClient) -> None:
    [hostile] = get(client, "/api/search?q=apricot")["items"]
    assert hostile["title"] == HOSTILE_TITLE
    page = client.get(f"/articles/{hostile['id']}").text
    assert "<script>document.title" not in page and "&lt;script&gt;" in page
    assert not re.search(r"<img[^>]*onerror", page)
    assert "javascript:" not in page  # the feed's javascript: URL is not made a link
    search = client.get("/search?q=apricot").text
    assert "&lt;img src=x onerror=" in search and "<img src=x" not in search
    for url in ("/", "/search?q=apricot", f"/articles/{hostile['id']}"):
        headers = client.get(url).headers
        assert "script-src 'self'" in headers["content-security-policy"]


def test_app_pages_need_nothing_from_the_internet(client: TestClient) -> None:
    pairs = [(s["id"], s["articles"]) for s in get(client, "/api/stories")["items"]]
    story = pairs[0][0]
    for url in ("/", f"/stories/{story}", "/events", "/entities/per:rahmon", "/search?q=CSTO"):
        page = client.get(url).text
        external = re.findall(r'(?:src|href)="((?:https?:)?//[^"]*)"', page)
        assert external == [], (url, external)
        for asset in re.findall(r'(?:src|href)="(/(?:static/|world)[^"]*)"', page):
            assert client.get(asset).status_code == 200, asset
    schema = get(client, "/api/openapi.json")
    assert {"/api/stories", "/api/stories/{story_id}", "/api/search", "/api/events"} <= set(
        schema["paths"]
    )
    assert client.get("/docs").status_code == 404  # Swagger UI would fetch from a CDN


def test_app_token_when_set(served_db: Path) -> None:
    with TestClient(create_app(served_db, token="s3cret")) as guarded:
        denied = guarded.get("/api/stories")
        assert denied.status_code == 401 and denied.json()["error"]["code"] == "unauthorized"
        assert guarded.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
        ok = guarded.get("/api/stories", headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200
        assert guarded.get("/?token=s3cret").status_code == 200  # sets the cookie
        assert guarded.get("/events").status_code == 200  # the page's next click
        guarded.cookies.set("storyline_token", "stale")
        assert guarded.get("/api/stories?token=s3cret").status_code == 200  # the link wins


def test_app_refuses_a_missing_store(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no store here"):
        create_app(tmp_path / "none.db")
