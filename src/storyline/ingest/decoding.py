"""Bytes to text: byte-order marks, strict UTF-8, then charset detection; binary is refused."""

from __future__ import annotations

import codecs

from storyline.errors import InputRejected, Reason

# Leading bytes of formats that are never news text; named so the rejection says what it was.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF file (WebP/WAV/AVI)"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (also docx/xlsx/epub)"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an ELF executable"),
    (b"MZ", "a Windows executable"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg media file"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# A UTF-8 text with a few broken bytes (a truncated copy-paste) is kept, repaired and flagged;
# more than this share of broken bytes means it is some other encoding or not text.
_MAX_REPAIR_SHARE = 0.005
# charset-normalizer's "chaos" (0 = clean): above this the decoding is mojibake.
_MAX_CHAOS = 0.2
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v")


def binary_kind(head: bytes) -> str | None:
    """What binary format ``head`` starts with, or None if it may be text."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    return None


def decode(data: bytes, *, declared: str | None = None) -> tuple[str, list[str]]:
    """Decode ``data`` to text; returns (text, warnings). Raises ``InputRejected``.

    ``declared`` is an encoding the container named (HTTP header, XML prolog); it is tried after
    BOMs and strict UTF-8 and before detection, since servers often declare it wrongly.
    """
    if not data.strip():
        raise InputRejected(Reason.EMPTY, "the input is empty" if not data else "only whitespace")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding)), []
            except UnicodeDecodeError as exc:
                raise InputRejected(
                    Reason.UNDECODABLE, f"starts with a {encoding} byte-order mark but {exc.reason}"
                ) from None
    kind = binary_kind(data[:32])
    if kind:
        raise InputRejected(Reason.BINARY, f"this is {kind}, not text")
    try:
        return _check_text(data.decode("utf-8")), []
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return _check_text(data.decode(declared)), [f"decoded as declared {declared}"]
        except (LookupError, UnicodeDecodeError):
            pass
    repaired = data.decode("utf-8", errors="replace")
    broken = repaired.count("\ufffd")
    if broken <= max(1, int(len(data) * _MAX_REPAIR_SHARE)):
        text = _check_text(repaired)
        return text, [f"{broken} invalid UTF-8 byte sequence(s) replaced with U+FFFD"]
    return _detect(data)


def _detect(data: bytes) -> tuple[str, list[str]]:
    import charset_normalizer  # imported here: detection is the rare path

    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.chaos > _MAX_CHAOS:
        control = sum(1 for b in data[:65536] if b < 32 and b not in _TEXT_CONTROLS)
        if control > min(len(data), 65536) // 20:
            raise InputRejected(
                Reason.BINARY, "many control bytes and no text encoding fits: binary data"
            )
        raise InputRejected(
            Reason.UNDECODABLE,
            "not valid UTF-8 and no other encoding decodes it cleanly "
            "(convert it to UTF-8, or check that it is text)",
        )
    return _check_text(str(best)), [f"encoding detected as {best.encoding}"]


def _check_text(text: str) -> str:
    """Refuse decoded text that is mostly control characters (binary that happened to decode)."""
    sample = text[:4096]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if sample and control > len(sample) // 20:
        raise InputRejected(Reason.BINARY, "mostly control characters: binary data, not text")
    if not text.strip():
        raise InputRejected(Reason.EMPTY, "only whitespace after decoding")
    return text
