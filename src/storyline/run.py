"""Running the per-document pipeline over a stream of items, across processes.

Items are cut into batches; a bounded number of batches is in flight at once, so memory stays
flat however long the stream is. Each worker process builds its pipeline (and models) once, in
the pool initialiser. Rejections and skips from ingest pass through in order.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from storyline.document import Document, RawItem
from storyline.errors import Rejected
from storyline.ingest.context import Skipped
from storyline.settings import Settings
from storyline.stages import DEFAULT_PIPELINE, Pipeline, build_pipeline

Outcome = Document | Rejected | Skipped
_IN_FLIGHT_PER_WORKER = 2

_worker_pipeline: Pipeline | None = None  # one per worker process, set by _init_worker


def _init_worker(settings: Settings, names: Sequence[str]) -> None:
    global _worker_pipeline
    _die_with_parent()
    _one_thread_per_worker()
    _worker_pipeline = build_pipeline(settings, names)


def _one_thread_per_worker() -> None:
    """One math thread per worker: the pool already uses every core, and BLAS threads on top
    of it fight over the same cores (measured: twice the CPU time per article)."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")  # for math libraries loaded from now on
    from threadpoolctl import threadpool_limits

    # and for those already loaded before the fork (numpy's OpenBLAS, when the parent had
    # imported numpy): the variables above are read only when a library loads
    threadpool_limits(limits=1)


def _die_with_parent() -> None:
    """Workers end when the main process dies, even by ``kill -9`` (Linux), not linger on."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _run_batch(batch: list[RawItem | Rejected | Skipped]) -> list[Outcome]:
    assert _worker_pipeline is not None, "worker started without its pipeline"
    results = [_worker_pipeline(x) if isinstance(x, RawItem) else x for x in batch]
    for result in results:
        if isinstance(result, Document):
            result.raw = ""  # the parent has it already: do not send a page back and forth
    return results


def _restore_raw(
    batch: list[RawItem | Rejected | Skipped], results: list[Outcome]
) -> list[Outcome]:
    for item, result in zip(batch, results, strict=True):
        if isinstance(result, Document) and isinstance(item, RawItem):
            result.raw = item.content
    return results


def process(
    items: Iterable[RawItem | Rejected | Skipped],
    settings: Settings,
    names: Sequence[str] = DEFAULT_PIPELINE,
) -> Iterator[Outcome]:
    """Documents (or rejections) in input order; stages run in ``settings.workers`` processes."""
    workers = settings.effective_workers()
    stream = iter(items)
    if workers == 1:
        pipeline = build_pipeline(settings, names)
        for item in stream:
            yield pipeline(item) if isinstance(item, RawItem) else item
        return
    batches = iter(lambda: list(islice(stream, settings.batch_size)), [])
    first = next(batches, None)
    if first is None:
        return
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    )
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(settings, tuple(names)),
    ) as pool:
        pending: deque[tuple[list[RawItem | Rejected | Skipped], Future[list[Outcome]]]] = deque(
            [(first, pool.submit(_run_batch, first))]
        )
        for batch in batches:
            pending.append((batch, pool.submit(_run_batch, batch)))
            if len(pending) >= workers * _IN_FLIGHT_PER_WORKER:
                sent, future = pending.popleft()
                yield from _restore_raw(sent, future.result())
        while pending:
            sent, future = pending.popleft()
            yield from _restore_raw(sent, future.result())
