"""The library API. CLI verbs (and later HTTP routes) are thin wrappers over these functions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from storyline.document import Document, RawItem
from storyline.errors import Rejected
from storyline.ingest import ReadContext, Skipped, is_url, read_inputs, reread_rejected
from storyline.run import Outcome, process
from storyline.settings import Settings
from storyline.stages import DEFAULT_PIPELINE
from storyline.store.sqlite import SQLiteStore

Progress = Callable[[Outcome], None]
MAX_KEPT = 10_000  # rejections kept in memory for the summary; the store keeps every one


@dataclass
class IngestSummary:
    """What a run did: counts by outcome, rejections by reason, and the rejections themselves."""

    stored: int = 0
    known: int = 0  # already in the store (re-ingest is a no-op)
    not_modified: int = 0  # HTTP 304: nothing new at that URL
    rejected: Counter[str] = field(default_factory=Counter)
    rejections: list[Rejected] = field(default_factory=list)  # the first MAX_KEPT of them

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    def to_json(self) -> dict[str, object]:
        return {
            "stored": self.stored,
            "already_known": self.known,
            "not_modified": self.not_modified,
            "rejected": self.rejected_total,
            "rejected_by_reason": dict(sorted(self.rejected.items())),
            "rejections": [
                {"source": r.source, "reason": r.reason.value, "detail": r.detail}
                for r in self.rejections
            ],
        }


class _DeferredValidators:
    """HTTP validators read from the store but written only when the whole run has been stored.

    Saving an ETag before the feed's items are stored would make a killed run's rerun get a
    304 and lose those items; deferring keeps an interrupted run safe to repeat.
    """

    def __init__(self, store: SQLiteStore) -> None:
        self._store = store
        self._pending: dict[str, tuple[str | None, str | None]] = {}

    def get_validators(self, url: str) -> tuple[str | None, str | None]:
        return self._store.get_validators(url)

    def put_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        self._pending[url] = (etag, last_modified)

    def flush(self) -> None:
        for url, (etag, last_modified) in self._pending.items():
            self._store.put_validators(url, etag, last_modified)
        self._pending.clear()


def ingest(
    inputs: Sequence[str],
    settings: Settings,
    *,
    feeds: Iterable[str] = (),
    glob: str | None = None,
    progress: Progress | None = None,
    stages: Sequence[str] = DEFAULT_PIPELINE,
) -> IngestSummary:
    """Read, analyse and store every input; one bad input never stops the others."""
    with SQLiteStore(settings.db_path, e5_mean_min_articles=settings.e5_mean_min_articles) as store:
        validators = _DeferredValidators(store)
        ctx = ReadContext(
            settings,
            validators=validators,
            is_known_url=store.has_url,
            feed_inputs=_feed_locators(feeds),
            glob=glob,
            exclude=_store_files(settings),
        )
        try:
            items = _skip_known(read_inputs([*inputs, *feeds], ctx), store, settings.batch_size)
            summary = _store_all(process(items, settings, stages), store, settings, progress)
            validators.flush()
        finally:
            ctx.close()
    return summary


def retry(
    settings: Settings,
    *,
    ids: Sequence[str] = (),
    reason: str | None = None,
    progress: Progress | None = None,
) -> IngestSummary:
    """Read rejected items again (all, by id, or by reason); successes leave the rejected list."""
    with SQLiteStore(settings.db_path, e5_mean_min_articles=settings.e5_mean_min_articles) as store:
        rows = store.rejected_by_ids(ids) if ids else store.rejected(limit=10**9, reason=reason)
        ctx = ReadContext(settings, validators=None, is_known_url=store.has_url)
        try:

            def items() -> Iterator[RawItem | Rejected | Skipped]:
                for row in rows:
                    yield from reread_rejected(row.source, row.payload, row.kind, ctx)

            summary = _store_all(
                process(_skip_known(items(), store, settings.batch_size), settings),
                store,
                settings,
                progress,
            )
            # A row whose attempts went up was rejected again; a row that is gone became an
            # article; a row untouched was re-read without complaint (its items already stored).
            after = {r.id: r.attempts for r in store.rejected(limit=10**9)}
            store.forget_rejected(r.id for r in rows if r.id in after and after[r.id] == r.attempts)
        finally:
            ctx.close()
    return summary


def analyze(
    inputs: Sequence[str],
    settings: Settings,
    *,
    feeds: Iterable[str] = (),
    glob: str | None = None,
    stages: Sequence[str] = DEFAULT_PIPELINE,
) -> Iterator[Document | Rejected]:
    """Run the pipeline over inputs without storing anything; yields documents and rejections."""
    from storyline.resolve import MemoryEntities, Resolver
    from storyline.resolve.events import link_entities

    ctx = ReadContext(settings, feed_inputs=_feed_locators(feeds), glob=glob)
    resolver = Resolver(MemoryEntities())  # entities resolved across this run's articles
    try:
        for outcome in process(read_inputs([*inputs, *feeds], ctx), settings, stages):
            if isinstance(outcome, Document) and outcome.entities:
                resolver.add(outcome)
                link_entities(outcome)
            if not isinstance(outcome, Skipped):
                yield outcome
    finally:
        ctx.close()


def _feed_locators(feeds: Iterable[str]) -> frozenset[str]:
    """``--feed`` values as readers name them: URLs as given, files by absolute path."""
    return frozenset(f if is_url(f) or f == "-" else str(Path(f).resolve()) for f in feeds)


def _store_files(settings: Settings) -> frozenset[Path]:
    """The store's own files, so ingesting the folder that holds the store skips them."""
    db = settings.db_path.resolve()
    return frozenset([db, *(db.with_name(db.name + s) for s in ("-wal", "-shm", "-journal"))])


def _skip_known(
    items: Iterator[RawItem | Rejected | Skipped], store: SQLiteStore, batch: int
) -> Iterator[RawItem | Rejected | Skipped]:
    """Items whose id is stored already become ``Skipped`` before any stage runs on them."""
    while chunk := list(islice(items, batch)):
        ids = store.known_ids(x.id for x in chunk if isinstance(x, RawItem))
        for x in chunk:
            known = isinstance(x, RawItem) and x.id in ids
            yield Skipped(x.source, "already stored") if known else x


def _store_all(
    outcomes: Iterator[Outcome], store: SQLiteStore, settings: Settings, progress: Progress | None
) -> IngestSummary:
    summary = IngestSummary()
    batch: list[Document | Rejected] = []

    def flush() -> None:
        result = store.write(batch)
        summary.stored += len(result.stored)
        summary.known += len(result.known)
        for rejected in result.rejected:
            summary.rejected[rejected.reason.value] += 1
            if len(summary.rejections) < MAX_KEPT:  # all of them are in the store
                summary.rejections.append(rejected)
        batch.clear()

    for outcome in outcomes:
        if isinstance(outcome, Skipped):
            if outcome.why == "not modified":
                summary.not_modified += 1
            else:
                summary.known += 1
        else:
            batch.append(outcome)
            if len(batch) >= settings.batch_size:
                flush()
        if progress:
            progress(outcome)
    if batch:
        flush()
    return summary


def compare(first: str, second: str, settings: Settings) -> dict[str, object]:
    """Would two articles (stored ids, or files/URLs analysed now) make one story?"""
    import numpy as np

    from storyline.resolve.stories import THRESHOLD, Story, features, profile_of, score

    docs = [_load_or_analyse(x, settings) for x in (first, second)]
    vectors = [np.frombuffer(d.embedding or b"", dtype=np.float32) for d in docs]
    story = Story("first", np.zeros_like(vectors[0]))
    story.add(profile_of(docs[0], vectors[0]))
    feats = features(profile_of(docs[1], vectors[1]), story)
    total = score(feats)
    return {
        "first": docs[0].id,
        "second": docs[1].id,
        "same_story": total >= THRESHOLD,
        "score": total,
        "threshold": THRESHOLD,
        "features": feats,
    }


def _load_or_analyse(ref: str, settings: Settings) -> Document:
    """A stored article (with its embedding) by id, else the article analysed from a file."""
    from storyline.errors import NotFoundError

    if settings.db_path.exists() and not Path(ref).exists():
        with SQLiteStore(settings.db_path) as store:
            try:
                doc = store.document(ref)
            except NotFoundError:
                doc = None
            if doc is not None:
                doc.embedding = store.embedding(doc.id)
                doc.e5_embedding = store.e5_embedding(doc.id)
                return doc
    found = [d for d in analyze([ref], settings) if isinstance(d, Document)]
    if not found:
        raise NotFoundError(f"{ref}: neither a stored article id nor a readable article")
    return found[0]
