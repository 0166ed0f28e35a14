"""HTTP(S) fetching: the only module that talks to the network.

Timeouts, a body size cap, retries with exponential backoff on timeouts/5xx, robots.txt,
a clear User-Agent, and conditional requests (ETag / Last-Modified) through a validator cache
that the store provides, so re-polling a feed downloads nothing when nothing changed.
"""

from __future__ import annotations

import time
import urllib.robotparser
from dataclasses import dataclass
from email.message import Message
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit, urlunsplit

from storyline.errors import InputRejected, Reason
from storyline.settings import Settings

if TYPE_CHECKING:
    pass

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class ValidatorCache(Protocol):
    """Where ETag / Last-Modified of fetched URLs are kept between runs (the store)."""

    def get_validators(self, url: str) -> tuple[str | None, str | None]: ...

    def put_validators(self, url: str, etag: str | None, last_modified: str | None) -> None: ...


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # final URL after redirects
    status: int
    content: bytes
    content_type: str
    charset: str | None
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None


class Fetcher:
    """A polite HTTP client. Use as a context manager, or call ``close()``."""

    def __init__(
        self,
        settings: Settings,
        validators: ValidatorCache | None = None,
        *,
        sleep: object = time.sleep,
    ) -> None:
        import httpx

        self._settings = settings
        self._validators = validators
        self._sleep = sleep
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._client = httpx.Client(
            headers={"User-Agent": settings.user_agent},
            timeout=httpx.Timeout(settings.http_timeout),
            follow_redirects=True,
            max_redirects=settings.max_redirects,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, *, conditional: bool = False) -> Fetched:
        """Fetch ``url``; raises ``InputRejected`` with a specific reason on any failure.

        With ``conditional``, stored validators are sent and a 304 answer comes back as
        ``Fetched(not_modified=True)``; fresh validators are stored after a 200.
        """
        try:
            parts = urlsplit(url)
        except ValueError as exc:
            raise InputRejected(Reason.UNSUPPORTED, f"not a valid URL: {exc}") from None
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InputRejected(Reason.UNSUPPORTED, "only http(s) URLs can be fetched")
        if self._settings.respect_robots and not self._allowed(url):
            raise InputRejected(
                Reason.ROBOTS_DISALLOWED, f"robots.txt of {parts.netloc} disallows this path"
            )
        headers: dict[str, str] = {}
        if conditional and self._validators is not None:
            etag, last_modified = self._validators.get_validators(url)
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
        fetched = self._get_with_retries(url, headers)
        if conditional and self._validators is not None and fetched.status == 200:
            self._validators.put_validators(url, fetched.etag, fetched.last_modified)
        return fetched

    # -- internals -------------------------------------------------------------------------

    def _get_with_retries(self, url: str, headers: dict[str, str]) -> Fetched:
        import httpx

        attempts = self._settings.http_retries + 1
        delay = self._settings.http_backoff
        last_problem: InputRejected | None = None
        for attempt in range(attempts):
            if attempt:
                self._sleep(delay)  # type: ignore[operator]  # injectable for tests
                delay *= 2
            try:
                return self._get_once(url, headers)
            except httpx.TooManyRedirects:
                raise InputRejected(
                    Reason.REDIRECT_LOOP,
                    f"more than {self._settings.max_redirects} redirects (a redirect loop?)",
                ) from None
            except httpx.TimeoutException:
                last_problem = InputRejected(
                    Reason.TIMEOUT, f"no answer within {self._settings.http_timeout:g}s"
                )
            except httpx.TransportError as exc:
                last_problem = InputRejected(Reason.HTTP_ERROR, f"connection failed: {exc}")
            except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
                # A body that does not decode as its Content-Encoding says, a malformed URL:
                # retrying will not help.
                raise InputRejected(Reason.HTTP_ERROR, f"unusable response: {exc}") from None
            except _RetryableStatus as exc:
                last_problem = exc.rejection
        assert last_problem is not None
        tries = f" (after {attempts} attempts)" if attempts > 1 else ""
        raise InputRejected(last_problem.reason, last_problem.detail + tries)

    def _get_once(self, url: str, headers: dict[str, str]) -> Fetched:
        cap = self._settings.max_fetch_bytes
        with self._client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            if status == 304:
                return Fetched(str(response.url), 304, b"", "", None, not_modified=True)
            if status in _RETRY_STATUS:
                raise _RetryableStatus(
                    InputRejected(Reason.HTTP_ERROR, f"HTTP {status} {response.reason_phrase}")
                )
            if status in (404, 410):
                raise InputRejected(Reason.NOT_FOUND, f"HTTP {status} {response.reason_phrase}")
            if status >= 400:
                raise InputRejected(Reason.HTTP_ERROR, f"HTTP {status} {response.reason_phrase}")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > cap:
                raise InputRejected(
                    Reason.TOO_LARGE, f"Content-Length {int(declared):,} bytes is over {cap:,}"
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > cap:
                    raise InputRejected(Reason.TOO_LARGE, f"body is over the {cap:,}-byte cap")
                chunks.append(chunk)
            content_type, charset = parse_content_type(response.headers.get("content-type", ""))
            return Fetched(
                str(response.url),
                status,
                b"".join(chunks),
                content_type,
                charset,
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
            )

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        parser = self._robots[origin]
        return True if parser is None else parser.can_fetch(self._settings.user_agent, url)

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        """robots.txt per RFC 9309: missing (4xx) allows all; unreachable (5xx) disallows all."""
        import httpx

        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            response = self._client.get(origin + "/robots.txt")
        except httpx.HTTPError:
            return None  # no robots.txt reachable: the page fetch reports its own failure
        if response.status_code >= 500:
            parser.parse(["User-agent: *", "Disallow: /"])
        elif response.status_code >= 400:
            parser.parse([])
        else:
            parser.parse(response.text.splitlines())
        return parser


class _RetryableStatus(Exception):
    def __init__(self, rejection: InputRejected) -> None:
        super().__init__(rejection.detail)
        self.rejection = rejection


def parse_content_type(value: str) -> tuple[str, str | None]:
    message = Message()
    message["content-type"] = value or "application/octet-stream"
    charset = message.get_param("charset")
    return message.get_content_type(), charset if isinstance(charset, str) else None
