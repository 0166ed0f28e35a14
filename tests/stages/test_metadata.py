from __future__ import annotations

import pytest

from storyline.document import Block, Document
from storyline.settings import Settings
from storyline.stages import build_pipeline
from storyline.stages.datetext import find_date, normalise
from storyline.stages.metadata import find_dateline, publisher_from_text
from tests.conftest import raw_item


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("on 10 October 2025 in Dushanbe", "2025-10-10"),
        ("October 10, 2025", "2025-10-10"),
        ("DUSHANBE, October 10.", "--10-10"),
        ("28 ноября 2024 года", "2024-11-28"),
        ("29 января", "--01-29"),
        ("2025-01-29T10:00:00Z", "2025-01-29"),
        ("29.01.2025", "2025-01-29"),
        ("Nov. 19, 2019", "2019-11-19"),
        ("31 February 2025", None),  # no such day: not a date
        ("10 hours ago", None),
        ("in 2023", None),  # a bare year is not a day
    ],
)
def test_metadata_find_date(text: str, value: str | None) -> None:
    found = find_date(text)
    assert (found[0] if found else None) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Fri, 10 Oct 2025 08:00:00 GMT", "2025-10-10"),
        ("2025-10-10T08:00:00+05:00", "2025-10-10"),
        ("2025-10", "2025-10"),
        ("--10-10", "--10-10"),
        ("10 октября 2025", "2025-10-10"),
        ("sometime last year", None),
    ],
)
def test_metadata_normalise_container_dates(value: str, expected: str | None) -> None:
    assert normalise(value) == expected


@pytest.mark.parametrize(
    ("text", "place", "date"),
    [
        ("DUSHANBE, October 10. /TASS/. Security cooperation", "Dushanbe", "--10-10"),
        ("MOSCOW, Jan 29 (Reuters) - The Kremlin said", "Moscow", "--01-29"),
        ("Душанбе, 29 января — Президент Таджикистана", "Душанбе", "--01-29"),
        ("KABUL, 3 March 2025 - Officials said", "Kabul", "--03-03"),
    ],
)
def test_metadata_dateline(text: str, place: str, date: str) -> None:
    dateline = find_dateline(text, [(0, len(text))])
    assert dateline is not None and (dateline.place, dateline.date) == (place, date)


@pytest.mark.parametrize(
    "text",
    ["However, October 10 was a quiet day.", "Rahmon, Putin and Tokayev met in Astana."],
)
def test_metadata_no_false_dateline(text: str) -> None:
    assert find_dateline(text, [(0, len(text))]) is None


@pytest.mark.parametrize(
    ("text", "blocks", "publisher"),
    [
        (
            "Body.",
            [Block("publisher Fars news agency", "meta", "publisher_signature")],
            "Fars News Agency",
        ),
        (
            "Body.",
            [Block("The post X appeared first on Khaama Press.", "meta", "end_marker")],
            "Khaama Press",
        ),
        ("MOSCOW, Jan 29 (Reuters) - The Kremlin said.", [], "Reuters"),
        (
            "According to the Fars news agency reporter in Dushanbe, talks began.",
            [],
            "Fars News Agency",
        ),
        ("Переговоры прошли в Душанбе, сообщает ТАСС.", [], "ТАСС"),
        ("No signature here at all.", [], None),
    ],
)
def test_metadata_publisher(text: str, blocks: list[Block], publisher: str | None) -> None:
    doc = Document(
        id="x",
        source="x",
        raw=text,
        raw_format="text",
        text=text,
        paragraphs=[(0, len(text))],
        blocks=blocks,
    )
    assert publisher_from_text(doc) == publisher


def test_metadata_container_values_win_and_bad_dates_are_dropped(settings: Settings) -> None:
    pipeline = build_pipeline(settings)
    text = "DUSHANBE, October 10. /TASS/. " + "Security cooperation is focused on Afghanistan. " * 3
    kept = pipeline(raw_item(text, publisher="Asia-Plus", published="2025-10-10T08:00:00Z"))
    dropped = pipeline(raw_item(text, published="last Friday"))
    assert isinstance(kept, Document) and isinstance(dropped, Document)
    assert (kept.meta.publisher, kept.meta.published) == ("Asia-Plus", "2025-10-10")
    assert (dropped.meta.publisher, dropped.meta.published) == ("TASS", "--10-10")
    assert "'last Friday' is not a date" in dropped.warnings[0]
