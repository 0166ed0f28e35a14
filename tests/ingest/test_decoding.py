from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.errors import InputRejected, Reason
from storyline.ingest.decoding import decode

RU = "Генеральный секретарь ОДКБ Имангали Тасмагамбетов посетил Душанбе с рабочим визитом."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (RU.encode("utf-8"), RU),
        (codecs.BOM_UTF8 + RU.encode("utf-8"), RU),
        (RU.encode("utf-16"), RU),  # with BOM
        (codecs.BOM_UTF16_BE + RU.encode("utf-16-be"), RU),
        (RU.encode("cp1251"), RU),  # no declared encoding
        (RU.encode("koi8-r"), RU),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "cp1251", "koi8-r"],
)
def test_decoding_encodings(data: bytes, expected: str) -> None:
    text, _ = decode(data)
    assert text == expected


@pytest.mark.parametrize(
    ("data", "reason", "words"),
    [
        (b"", Reason.EMPTY, "empty"),
        (b"  \n\t ", Reason.EMPTY, "whitespace"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, Reason.BINARY, "PNG"),
        (b"PK\x03\x04" + bytes(range(256)) * 4, Reason.BINARY, "zip"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 4, Reason.BINARY, "PDF"),
        (bytes(range(256)) * 8, Reason.BINARY, ""),
        (b"\x81\x8d\x8f\x90\x9d" * 200 + b"\xfe\xfd" * 300, Reason.UNDECODABLE, "UTF-8"),
    ],
    ids=["empty", "whitespace", "png", "zip", "pdf", "control-bytes", "invalid-utf8"],
)
def test_decoding_rejects_with_reason(data: bytes, reason: Reason, words: str) -> None:
    with pytest.raises(InputRejected) as caught:
        decode(data)
    assert caught.value.reason is reason
    assert words in caught.value.detail


def test_decoding_repairs_a_stray_invalid_byte_and_says_so() -> None:
    data = ("Tajik president met CSTO Secretary General in Dushanbe. " * 5).encode() + b"\xff ok"
    text, warnings = decode(data)
    assert text.endswith("\ufffd ok")
    assert warnings and "invalid UTF-8" in warnings[0]


def test_decoding_detected_encoding_is_reported() -> None:
    _, warnings = decode(RU.encode("cp1251"))
    assert warnings == ["encoding detected as cp1251"]


def test_decoding_declared_encoding_is_used() -> None:
    text, _ = decode(RU.encode("koi8-r"), declared="koi8-r")
    assert text == RU


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1))
def test_decoding_utf8_round_trip(text: str) -> None:
    if not text.strip():
        return
    assert decode(text.encode("utf-8"))[0] == text
