"""kill -9 in the middle of an ingest leaves a consistent store; the rerun completes it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.conftest import ARTICLE_EN

N = 1000


def stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # schema not created yet
        return 0


@pytest.mark.slow
def test_interrupt_kill_9_then_resume(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(N):
        (inputs / f"{i:04d}.txt").write_text(f"Report number {i}.\n\n{ARTICLE_EN}")
    db = tmp_path / "s.db"
    command = [
        sys.executable,
        "-m",
        "storyline",
        "ingest",
        str(inputs),
        "--db",
        str(db),
        "--quiet",
        "--workers",
        "2",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while stored(db) == 0 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)  # polling the store, not waiting for a result
        workers = psutil.Process(process.pid).children()
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert len(workers) == 2
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == [], "worker processes outlived the killed ingest"
    at_kill = stored(db)
    assert 0 < at_kill < N, f"the run was not interrupted mid-way ({at_kill} stored)"

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        fts = conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Report'")
        assert fts.fetchone()[0] == at_kill  # the text index holds exactly the stored rows

    rerun = subprocess.run([*command[:-2], "--json"], capture_output=True, text=True, check=True)
    assert f'"stored": {N - at_kill}' in rerun.stdout
    assert f'"already_known": {at_kill}' in rerun.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (
            N,
            N,
        )
        assert conn.execute("SELECT count(*) FROM rejected").fetchone()[0] == 0
