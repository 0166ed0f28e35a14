"""A realistic store of N articles, built fast: real pipeline output, multiplied.

The default pipeline runs once over the sample pages (and, when ``../shared/data`` is there,
some Russian and English articles from its evaluation sets, read in place). Each processed
``Document`` is a *seed*. Articles are derived from seeds in *groups*, one group per intended
story: the group rewrites about a third of the seed's unannotated words (same-length words of
the same script from the seeds' own vocabulary, so no annotation offset moves), drops some of
its entity mentions, moves its dates, and takes an embedding of its own near the seed's. Its
members are either rewrites (a further quarter of the words and a nearby embedding) or
syndicated copies of an earlier member; each gets an outlet, a URL, a date within days of the
group's and an outlet line appended at the end of the text. Group sizes follow a power law (most
stories one article, some hundreds). Everything goes through ``SQLiteStore.write`` in batches,
in publication order, so entities, events, copies and stories are what the store decides.

The store is cached under ``bench/.cache/`` by N and ``VERSION`` (and the schema version).
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import pickle
import random
import re
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from storyline.document import Document, RawItem, article_id

VERSION = "corpus.v1"
REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "bench" / ".cache"
EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared" / "data"
START = date(2023, 7, 1)  # publication dates cover two years from here
DAYS = 730
BATCH = 200
ANALYZE_EVERY = 2_000
_WORD = re.compile(r"[^\W\d_]{3,}")
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

_EN = (
    "Reuters, Associated Press, AFP, BBC Monitoring, Eurasianet, RFE/RL, The Diplomat, Al Jazeera, "
    "Xinhua, TASS, Fars News, Tolo News, Dawn, Kazinform, Trend, Asia-Plus, AKIpress, Pajhwok"
)
_RU = (
    "ТАСС, РИА Новости, Интерфакс, Коммерсантъ, Ведомости, РБК, Лента.ру, Известия, Российская "
    "газета, Азия-Плюс, Авеста, Ховар, Кабар, 24.kg, Tengrinews, Sputnik Таджикистан, Озоди, "
    "Газета.uz"
)
OUTLETS = {"en": _EN.split(", "), "ru": _RU.split(", ")}  # hosts made by ``outlet_host``


def outlet_host(name: str) -> str:
    from anyascii import anyascii

    return re.sub(r"[^a-z0-9]+", "-", anyascii(name).lower()).strip("-") + ".example"


@dataclass(frozen=True, slots=True)
class Planned:
    """One article to derive: its group (intended story), member number and what it is."""

    index: int
    group: int
    seed: int
    member: int
    source_member: int  # the member whose words it takes: itself, or the original of a copy
    day: date
    outlet: int


@dataclass(slots=True)
class Seed:
    """A processed document and what variants need from it, computed once."""

    blob: bytes  # the pickled Document: a fresh copy per article
    language: str
    words: list[tuple[int, int, tuple[int, int] | None]]  # clean span, raw span when copied
    title_words: list[tuple[int, int]]


# -- seeds -----------------------------------------------------------------------------------


def seed_items(per_source: int) -> list[RawItem]:
    """The sample pages, then up to ``per_source`` articles from each shared evaluation set."""
    items = [RawItem(str(p), p.read_text("utf-8"), "text") for p in sorted(EXAMPLES.glob("*.txt"))]
    if per_source <= 0 or not SHARED.is_dir():
        return items
    for path in sorted((SHARED / "factruveval-dev" / "devset").glob("*.txt"))[:per_source]:
        items.append(RawItem(f"factruveval/{path.name}", path.read_text("utf-8"), "text"))
    for path in sorted((SHARED / "bsnlp-dev" / "ryanair" / "raw" / "ru").glob("*.txt"))[
        :per_source
    ]:
        head = path.read_text("utf-8").split("\n", 5)  # id, language, date, url, title, body
        if len(head) == 6:
            meta = {"published": head[2].strip(), "title": head[4].strip()}
            items.append(RawItem(head[3].strip(), head[5].strip(), "text", head[3].strip(), meta))
    for folder in sorted((SHARED / "re3d-dev").glob("*/documents.json")):
        for line in folder.read_text("utf-8").splitlines()[: per_source // 2]:
            record = json.loads(line)
            meta = {"title": record.get("title") or ""}
            url = record.get("sourceUrl")
            items.append(RawItem(url or record["_id"], record["text"], "text", url, meta))
    return items


def process_seeds(per_source: int) -> list[Document]:
    """The default pipeline over the seed items (cached, as it takes a minute or two)."""
    from storyline.settings import Settings
    from storyline.stages import build_pipeline

    cached = CACHE / f"seeds-{per_source}-{VERSION}-{fingerprint()}.pickle"
    if cached.exists():
        docs: list[Document] = pickle.loads(cached.read_bytes())
        return docs
    pipeline = build_pipeline(Settings(workers=1))
    docs = []
    for item in seed_items(per_source):
        result = pipeline(item)
        if isinstance(result, Document) and result.embedding and result.meta.language in OUTLETS:
            docs.append(result)
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(pickle.dumps(docs))
    return docs


def fingerprint() -> str:
    """What processed seeds depend on: the pipeline's stages and the document's fields (a
    pickled ``Document`` of other fields does not load)."""
    from storyline.stages import DEFAULT_PIPELINE

    names = [*DEFAULT_PIPELINE, *(f.name for f in dataclasses.fields(Document))]
    return hashlib.sha256(",".join(names).encode()).hexdigest()[:8]


def _protected(doc: Document) -> list[bool]:
    """Characters inside any annotation span: variants never change them."""
    mask = [False] * len(doc.text)
    spans: list[tuple[int | None, int | None]] = []
    spans += [(m.start, m.end) for m in doc.entities]
    spans += [(d.start, d.end) for d in doc.dates]
    spans += [(n.start, n.end) for n in doc.numbers] + [
        (n.unit_start, n.unit_end) for n in doc.numbers
    ]
    spans += [(r.start, r.end) for r in doc.roles] + [
        (r.person_start, r.person_end) for r in doc.roles
    ]
    for e in doc.events:
        spans += [(e.trigger_start, e.trigger_end), (e.date_start, e.date_end)]
        spans += [
            (a.start, a.end) for a in [*e.actors, *e.targets] + ([e.place] if e.place else [])
        ]
        spans += [(c.start, c.end) for c in e.counts]
        spans += [(e.attribution.start, e.attribution.end)] if e.attribution else []
    if doc.meta.dateline:
        spans.append((doc.meta.dateline.start, doc.meta.dateline.end))
    for start, end in spans:
        if start is not None and end is not None:
            mask[start:end] = [True] * (end - start)
    return mask


def make_seed(doc: Document) -> Seed:
    mask = _protected(doc)
    words: list[tuple[int, int, tuple[int, int] | None]] = []
    for m in _WORD.finditer(doc.text):
        if any(mask[m.start() : m.end()]):
            continue
        ra, rb = doc.offsets.span_to_raw(m.start(), m.end())
        raw_span = (ra, rb) if doc.raw[ra:rb] == m.group() else None
        words.append((m.start(), m.end(), raw_span))
    title = doc.meta.title or ""
    title_words = [(m.start(), m.end()) for m in _WORD.finditer(title) if m.group().islower()]
    return Seed(pickle.dumps(doc), doc.meta.language or "en", words, title_words)


def vocabulary(docs: list[Document]) -> dict[tuple[bool, int], list[str]]:
    """Lower-case words of the seeds by (Cyrillic, length): the pool substitutes come from."""
    pool: dict[tuple[bool, int], set[str]] = {}
    for doc in docs:
        for word in _WORD.findall(doc.text):
            if word.islower():
                pool.setdefault((_cyrillic(word), len(word)), set()).add(word)
    return {k: sorted(v) for k, v in pool.items()}


def _cyrillic(word: str) -> bool:
    return "\u0400" <= word[0] <= "\u04ff"


# -- variants --------------------------------------------------------------------------------

Vocab = dict[tuple[bool, int], list[str]]


def _pick(key: str, position: int, share: float) -> int | None:
    """A deterministic draw (crc32, never the salted ``hash()``): the substitute's index, or
    None when this word stays."""
    h = zlib.crc32(f"{key}:{position}".encode())
    return (h >> 8) if (h & 0xFF) < share * 256 else None


def _rewrite(
    text: str, spans: list[tuple[int, int]], keys: list[tuple[str, float]], vocab: Vocab
) -> tuple[str, dict[int, str]]:
    """``text`` with some words swapped for same-length ones; also the swaps by word number."""
    swaps: dict[int, str] = {}
    for n, (start, end) in enumerate(spans):
        chosen = None
        for key, share in keys:
            chosen = _pick(key, n, share) if chosen is None else chosen
        if chosen is None:
            continue
        word = text[start:end]
        pool = vocab.get((_cyrillic(word), len(word)))
        if not pool:
            continue
        new = pool[chosen % len(pool)]
        swaps[n] = new.upper() if word.isupper() else new.capitalize() if word[0].isupper() else new
    pieces, last = [], 0
    for n, new in swaps.items():
        pieces += [text[last : spans[n][0]], new]
        last = spans[n][1]
    return "".join([*pieces, text[last:]]), swaps


def derive(seed: Seed, plan: Planned, vocab: Vocab) -> Document:
    doc: Document = pickle.loads(seed.blob)
    keys = [(f"g{plan.group}", 0.35)]
    if plan.source_member:
        keys.insert(0, (f"g{plan.group}m{plan.source_member}", 0.25))
    text, swaps = _rewrite(doc.text, [(a, b) for a, b, _ in seed.words], keys, vocab)
    raw_swaps = sorted((seed.words[n][2], new) for n, new in swaps.items() if seed.words[n][2])
    pieces, last = [], 0
    for (ra, rb), new in raw_swaps:  # type: ignore[misc]  # filtered: raw spans are not None
        pieces += [doc.raw[last:ra], new]
        last = rb
    raw = "".join([*pieces, doc.raw[last:]])
    for block in doc.blocks:
        if block.raw_start is not None and doc.raw.startswith(block.text, block.raw_start):
            block.text = raw[block.raw_start : block.raw_start + len(block.text)]
    name = OUTLETS[seed.language][plan.outlet % len(OUTLETS[seed.language])]
    day = plan.day.isoformat()
    tail = "Материал" if seed.language == "ru" else "Wire reference"
    footer = f"\n\n{name}, {day}. {tail} {plan.index}."
    doc.offsets.add(len(doc.text) + 2, len(raw) + 2, len(footer) - 2)
    doc.paragraphs.append((len(text) + 2, len(text) + len(footer)))
    doc.text, doc.raw = text + footer, raw + footer
    title = doc.meta.title or " ".join(text.split()[:12])
    doc.meta.title, _ = _rewrite(title, seed.title_words, keys, vocab)
    doc.meta.publisher, doc.meta.published = name, day
    doc.meta.url = doc.source = f"https://{outlet_host(name)}/{day.replace('-', '/')}/a{plan.index}"
    # Each group names a different part of the seed's cast, so groups of one seed differ.
    names = {m.text.lower() for m in doc.entities}
    dropped = {t for t in names if _pick(f"e{plan.group}:{t}", 0, 0.3) is not None}
    doc.entities = [m for m in doc.entities if m.text.lower() not in dropped]
    _rename(doc, f"n{plan.group}")
    doc.id = article_id(doc.source, doc.raw)
    _shift_dates(doc, plan.day)
    for name in ("embedding", "e5_embedding"):  # USE v3, and e5 where the pipeline has it
        if (value := getattr(doc, name, None)) is not None:
            setattr(doc, name, _embedding(np.frombuffer(value, np.float32), plan).tobytes())
    return doc


_CLASSES = ("bcdfghjklmnpqrstvwxz", "aeiouy", "бвгджзклмнпрстфхцчшщ", "аеиоуыэюя")


def _cipher(name: str, key: str) -> str:
    """A made-up name of the same length: each letter class shifted by the key's amount, so
    every inflection of one name (Рахмон, Рахмона) becomes the same new name's."""
    shifts = [zlib.crc32(f"{key}:{i}".encode()) for i in range(len(_CLASSES))]
    out = []
    for ch in name:
        low = ch.lower()
        for group, shift in zip(_CLASSES, shifts, strict=True):
            if (j := group.find(low)) >= 0:
                new = group[(j + shift) % len(group)]
                ch = new.upper() if ch.isupper() else new
                break
        out.append(ch)
    return "".join(out)


def _rename(doc: Document, key: str) -> None:
    """Most people and organisations the seed's tables do not know get a group's own made-up
    names: a real store's long tail of entities, not the same few hundred in every story."""
    for m in doc.entities:
        cluster = m.cluster if m.cluster is not None else m.text.lower()
        if m.entity_id or m.type not in ("PER", "ORG", "LOC"):
            continue
        if _pick(f"{key}:{cluster}", 0, 0.7) is None:
            continue
        new = _cipher(m.text, key)
        ra, rb = doc.offsets.span_to_raw(m.start, m.end)
        if doc.raw[ra:rb] == m.text:
            doc.raw = doc.raw[:ra] + new + doc.raw[rb:]
        doc.text = doc.text[: m.start] + new + doc.text[m.end :]
        m.text = new
        m.lemma = _cipher(m.lemma, key) if m.lemma else None
        m.canonical = _cipher(m.canonical, key) if m.canonical else None
    args = [a for e in doc.events for a in [*e.actors, *e.targets, e.place, e.attribution] if a]
    for arg in args:  # participants and sources that overlap a renamed name
        if arg.text != doc.text[arg.start : arg.end]:
            arg.text = doc.text[arg.start : arg.end]
            arg.canonical = _cipher(arg.canonical, key) if arg.canonical else None


def _shift_dates(doc: Document, day: date) -> None:
    """Full dates move with the article, keeping their distance from its latest one."""
    found = [v for d in doc.dates if d.value for v in _FULL_DATE.findall(d.value)]
    found += [v for e in doc.events if e.date for v in _FULL_DATE.findall(e.date)]
    if not found:
        return
    delta = day - date.fromisoformat(max(found))

    def move(value: str | None) -> str | None:
        if value is None:
            return None
        return _FULL_DATE.sub(lambda m: (date.fromisoformat(m.group()) + delta).isoformat(), value)

    for d in doc.dates:
        d.value = move(d.value)
    for e in doc.events:
        e.date = move(e.date)


def _embedding(vector: np.ndarray, plan: Planned) -> np.ndarray:
    """The group's own direction near the seed's; a rewrite is near its group, a copy is not
    re-embedded (it says what its original says)."""
    group = np.random.default_rng([plan.group, 1]).standard_normal(vector.size)
    out = 0.4 * vector / np.linalg.norm(vector) + group / np.linalg.norm(group)
    out /= np.linalg.norm(out)
    if plan.source_member:
        own = np.random.default_rng([plan.group, plan.source_member, 2]).standard_normal(
            vector.size
        )
        out = out + 0.45 * own / np.linalg.norm(own)
    unit: np.ndarray = (out / np.linalg.norm(out)).astype(np.float32)
    return unit


# -- the plan and the build ------------------------------------------------------------------


def plan(n: int, seeds: list[Seed], rng_seed: int = 5) -> list[Planned]:
    """N articles in groups of power-law sizes, in publication order."""
    rng = random.Random(rng_seed)
    weights = [5.0 if i < 5 else 1.0 for i in range(len(seeds))]  # the sample pages' region
    out: list[Planned] = []
    for group in itertools.count():
        if len(out) >= n:
            break
        size = min(n - len(out), int(rng.paretovariate(1.1)), 400)
        seed = rng.choices(range(len(seeds)), weights)[0]
        anchor = START + timedelta(days=rng.randrange(DAYS))
        days: list[date] = []
        for member in range(size):
            copy = member > 0 and rng.random() < 0.35
            source = rng.randrange(member) if copy else member
            day = anchor + timedelta(days=min(rng.randrange(size + 1), 20))
            days.append(max(day, days[source]) if copy else day)  # a copy follows its original
            out.append(Planned(0, group, seed, member, source, days[-1], rng.randrange(100)))
    out.sort(key=lambda p: (p.day, p.group, p.member))
    return [
        Planned(i, p.group, p.seed, p.member, p.source_member, p.day, p.outlet)
        for i, p in enumerate(out)
    ]


def articles(n: int, docs: list[Document]) -> Iterator[Document]:
    """N articles derived from processed seed documents, in publication order."""
    seeds = [make_seed(d) for d in docs]
    vocab = vocabulary(docs)
    for p in plan(n, seeds):
        yield derive(seeds[p.seed], p, vocab)


def build(path: Path, n: int, docs: list[Document], log: bool = True) -> float:
    """Write N derived articles into a new store at ``path``; returns the seconds it took.

    Every ``ANALYZE_EVERY`` articles the build refreshes SQLite's planner statistics: without
    them the event-merge candidate query scans every event of a type (20 ms a query at 8,000
    articles, growing with the store) instead of starting from the participants. The store's
    content does not depend on it; the statistics are dropped at the end, so the store is
    served with the plans a store written by ``storyline ingest`` gets.
    """
    from storyline.store import SQLiteStore

    start = time.perf_counter()
    derived = articles(n, docs)
    with SQLiteStore(path) as store:
        done = 0
        while batch := list(itertools.islice(derived, BATCH)):
            store.write(batch)
            done += len(batch)
            if done % ANALYZE_EVERY < BATCH:
                store._db.execute("ANALYZE")  # the bench owns this connection while it builds
                if log:
                    rate = done / (time.perf_counter() - start)
                    print(f"  {done:,} articles written, {rate:.0f}/s", flush=True)
        for table in ("sqlite_stat1", "sqlite_stat4"):
            store._db.execute(f"DROP TABLE IF EXISTS {table}")
    return time.perf_counter() - start


def cached_store(n: int, per_source: int = 40) -> tuple[Path, float | None]:
    """The cached store for N articles, built when missing; the build time when it was."""
    from storyline.store.schema import migrations

    schema = migrations()[-1][0]
    path = CACHE / f"store-{n}-{VERSION}-{fingerprint()}-s{schema}-p{per_source}.db"
    if path.exists():
        return path, None
    older = sorted(
        CACHE.glob(f"store-{n}-{VERSION}-{fingerprint()}-s*-p{per_source}.db"),
        key=lambda p: int(re.search(r"-s(\d+)-", p.name).group(1)),  # type: ignore[union-attr]
    )
    if older:  # a store of an older schema is migrated, as a user's store is, not rebuilt
        from storyline.store import SQLiteStore

        print(f"  migrating {older[-1].name} to schema {schema}", flush=True)
        SQLiteStore(older[-1]).close()
        older[-1].rename(path)
        return path, None
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for leftover in CACHE.glob(partial.name + "*"):
        leftover.unlink()
    start = time.perf_counter()
    docs = process_seeds(per_source)
    print(f"  {len(docs)} seed documents in {time.perf_counter() - start:.0f} s", flush=True)
    seconds = build(partial, n, docs)
    partial.rename(path)
    return path, seconds
