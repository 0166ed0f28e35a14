"""A closed-loop HTTP load generator for ``bench serve``: a minimal keep-alive HTTP/1.1 client
(asyncio streams) and the loop that drives ``clients`` of them against one server, recording
latency, sizes, errors and cache hits."""

from __future__ import annotations

import asyncio
import gzip
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Result:
    view: str
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests
    sizes: list[int] = field(default_factory=list)  # decoded body bytes
    wire: list[int] = field(default_factory=list)  # bytes on the wire (compressed when it is)
    errors: dict[str, int] = field(default_factory=dict)
    cache_hits: int = 0  # responses the server sent from its response cache
    split: str = ""  # the clients' connections per server worker, e.g. "26/24"
    seconds: float = 0.0
    server_cpu: float = 0.0  # CPU seconds per wall second
    client_cpu: float = 0.0
    assets: int | None = None  # bytes of the CSS/JS/images an HTML page links, fetched once

    def row(self, peer_p99: float | None) -> dict[str, Any]:
        lat = sorted(self.latencies)

        def pct(p: float) -> float:
            return 1000 * lat[min(len(lat) - 1, int(p * len(lat)))] if lat else float("nan")

        body = statistics.median(self.sizes) if self.sizes else 0
        return {
            "view": self.view,
            "requests": len(lat),
            "per_s": len(lat) / self.seconds if self.seconds else 0.0,
            "p50_ms": pct(0.50),
            "p90_ms": pct(0.90),
            "p99_ms": pct(0.99),
            "p99_vs_peer": pct(0.99) / peer_p99 if peer_p99 else None,
            "errors": sum(self.errors.values()),
            "error_kinds": self.errors,
            "body_bytes": body,
            "wire_bytes": statistics.median(self.wire) if self.wire else 0,
            "page_bytes": body + self.assets if self.assets is not None else None,
            "server_cpu": self.server_cpu,
            "client_cpu": self.client_cpu,
            "cache_hits": self.cache_hits / len(lat) if lat else 0.0,
            "connections_per_worker": self.split,
        }


class Connection:
    """One keep-alive HTTP/1.1 connection, as lean as a client can be: httpx spends about 5 ms
    of CPU a request, which on two cores is more than the server spends on ``/api/health``."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, path: str) -> tuple[int, bytes, int, bool]:
        """Status, decoded body, bytes on the wire and whether the server's response cache
        answered; reconnects when the server closed."""
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            "Accept-Encoding: gzip\r\n\r\n".encode()
        )
        try:
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
            headers = dict(line.lower().split(": ", 1) for line in head[1:] if ": " in line)
            if "content-length" in headers:
                body = await reader.readexactly(int(headers["content-length"]))
            else:  # chunked
                chunks = []
                while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
                    chunks.append((await reader.readexactly(size + 2))[:-2])
                await reader.readuntil(b"\r\n")
                body = b"".join(chunks)
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            await self.close()
            raise
        if headers.get("connection") == "close":
            await self.close()
        wire = len(body)
        if headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        cached = headers.get("x-storyline-cache") == "hit"
        return int(head[0].split()[1]), body, wire, cached

    async def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


async def load(
    port: int,
    view: str,
    urls: list[str],
    clients: int,
    seconds: float,
    seed: int = 1,
    split: Callable[[], str] = lambda: "",
) -> Result:
    """``clients`` closed loops, each with its own connection, for ``seconds`` (after a short
    warm-up that is not recorded).

    Clients join one by one over the warm-up, as readers arrive, not in one burst: in a burst,
    whichever uvicorn worker wakes first accepts most connections (34 of 50, measured), and
    keep-alive ties each client to its worker for the whole run. ``split`` (called after the
    warm-up) says how the connections ended up spread over the workers."""
    result = Result(view)
    connections = [Connection("127.0.0.1", port) for _ in range(clients)]
    warm_up = min(2.0, seconds / 5)

    async def one(
        connection: Connection, rng: random.Random, until: float, record: bool, delay: float = 0
    ) -> None:
        await asyncio.sleep(delay)
        while (start := time.perf_counter()) < until:
            try:
                status, body, wire, cached = await connection.get(rng.choice(urls))
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                kind = type(exc).__name__
            else:
                kind = f"HTTP {status}" if status >= 400 else ""
            if record and kind:
                result.errors[kind] = result.errors.get(kind, 0) + 1
            elif record:
                result.latencies.append(time.perf_counter() - start)
                result.sizes.append(len(body))
                result.wire.append(wire)
                result.cache_hits += cached

    async def phase(duration: float, record: bool) -> None:
        until = time.perf_counter() + duration
        rngs = [random.Random(seed * 1000 + i) for i in range(clients)]
        arrival = 0.0 if record else duration / (2 * clients)  # all in by mid warm-up
        await asyncio.gather(
            *(
                one(c, r, until, record, i * arrival)
                for i, (c, r) in enumerate(zip(connections, rngs, strict=True))
            )
        )

    await phase(warm_up, record=False)
    result.split = split()
    started = time.perf_counter()
    await phase(seconds, record=True)
    result.seconds = time.perf_counter() - started
    for connection in connections:
        await connection.close()
    return result
