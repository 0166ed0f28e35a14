"""The FastAPI app behind ``storyline serve``: the web page and its JSON twin under ``/api``.

Each view is one handler (``serve/views.py``) registered twice by :func:`_twin`: ``/stories/ID``
renders it with a template, ``/api/stories/ID`` returns the same dict as JSON. Parameters are
validated by FastAPI before a handler runs; every error, on either side, has one shape:
``{"error": {"status", "code", "message", "details"}}`` (the page shows the same fields).

Handlers are ``async`` and read SQLite directly on the event loop: a read takes milliseconds,
and one connection per worker process, always used from the loop's thread, needs no locking.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Awaitable, Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline.errors import ConfigError, NotFoundError, StorylineError
from storyline.serve import views
from storyline.serve.cache import DEFAULT_CACHE_MB, ResponseCache
from storyline.serve.geo import load_countries
from storyline.serve.semantic import StoryVectors, embed_query
from storyline.store.browse import Filters, Window
from storyline.store.sqlite import SQLiteStore

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
SQLITE_MMAP_BYTES = 1 << 30  # address space, not memory: the OS pages the file in and out
SQLITE_CACHE_KIB = 64 * 1024  # per worker
TOKEN_COOKIE = "storyline_token"

# Content-Security-Policy: nothing but this server's own files. Even if a template ever let an
# article's markup through, an inline <script> or onerror= handler would not run.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

# Empty values are allowed and mean "no filter": a web form sends its empty fields.
DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"
Since = Annotated[str | None, Query(pattern=DATE, description="ISO date or prefix: 2024, 2024-12")]
Until = Annotated[str | None, Query(pattern=DATE, description="ISO date or prefix, inclusive")]
Language = Annotated[str | None, Query(pattern=r"^([a-z]{2,3})?$", description="ISO 639 code")]
Name = Annotated[str | None, Query(max_length=200)]
EventType = Annotated[
    str | None,
    Query(pattern="^(" + "|".join(views.EVENT_TYPES) + ")?$", description="PLOVER type"),
]
Id = Annotated[str, PathParam(min_length=1, max_length=80, pattern=r"^[\w:.\-]+$")]


# -- parameters shared by listings --------------------------------------------------------


async def filters(
    since: Since = None,
    until: Until = None,
    language: Language = None,
    outlet: Name = None,
    entity: Name = None,
    type: EventType = None,
    place: Name = None,
) -> Filters:
    values = (since, until, language, outlet, entity, type, place)
    return Filters(*(v.strip() or None if v is not None else None for v in values))


async def window(
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 20,
) -> Window:
    return Window(page, per_page)


async def nearest(request: Request) -> Callable[[str], list[tuple[str, float]]] | None:
    """The stories-by-meaning look-up of this loop thread, or None when it is switched off."""
    if not request.app.state.semantic:
        return None
    local = request.app.state.stores
    vectors: StoryVectors | None = getattr(local, "vectors", None)
    if vectors is None:
        vectors = local.vectors = StoryVectors()
    db = (await store(request)).connection()

    def look_up(query: str) -> list[tuple[str, float]]:
        vectors.refresh(db)
        return vectors.nearest(embed_query(query))

    return look_up


async def store(request: Request) -> SQLiteStore:
    return _store_of(request.app.state)


def _store_of(state: Any) -> SQLiteStore:
    """The store of the thread running the event loop, opened on first use (one connection
    per loop thread: under uvicorn that is one per worker process)."""
    local = state.stores
    opened: SQLiteStore | None = getattr(local, "store", None)
    if opened is None:
        opened = local.store = SQLiteStore(state.db_path)  # migrates, once, if it must
        db = opened.connection()
        db.execute("PRAGMA query_only = ON")  # the server never writes
        # Reads only, from many requests: map the file (no copy per page read) and keep the
        # hot pages (the feed's index, story rows) in a larger page cache.
        db.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")
        db.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    return opened


def _data_version(scope: Scope) -> int:
    """The store's version as this worker's connection sees it: it moves with every commit
    made by another connection (what the response cache is keyed on)."""
    db = _store_of(scope["app"].state).connection()
    return int(db.execute("PRAGMA data_version").fetchone()[0])


Store = Annotated[SQLiteStore, Depends(store)]
Listing = Annotated[Filters, Depends(filters)]
Page = Annotated[Window, Depends(window)]


# -- the app ------------------------------------------------------------------------------


def create_app(
    db_path: Path | str,
    *,
    token: str | None = None,
    semantic: bool = True,
    cache_mb: int = DEFAULT_CACHE_MB,
) -> FastAPI:
    """The app over one store file. With ``token``, every request must carry it (header
    ``Authorization: Bearer TOKEN``, or ``?token=`` once, which sets a cookie for the page).
    With ``semantic``, search also lists the stories nearest the query by meaning (the
    sentence encoder loads on the first search). ``cache_mb``: finished responses kept per
    worker while the store is unchanged (``serve/cache.py``); 0 keeps none."""
    path = Path(db_path)
    if not path.is_file():
        raise ConfigError(f"{path}: no store here; run `storyline ingest` first or give --db")
    app = FastAPI(
        title="storyline",
        description="Stories, entities, events and articles from the local store.",
        version="1",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: offline they break
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.db_path = path
    app.state.stores = threading.local()
    app.state.token = token
    app.state.semantic = semantic
    app.mount("/static", StaticFiles(packages=[("storyline.serve", "static")]), name="static")
    # Added first, so it runs inside the guard: a kept page is still only sent to a client
    # with the token, and with the security headers.
    app.add_middleware(ResponseCache, max_bytes=cache_mb * 2**20, version=_data_version)
    app.add_middleware(Guard, token=token)
    _errors(app)
    _routes(app)
    return app


def app_from_environment() -> FastAPI:
    """The factory uvicorn calls in each worker (``storyline serve`` sets the variables)."""
    from threadpoolctl import threadpool_limits

    # One math thread per worker: the workers already fill the cores, and BLAS threads
    # spinning beside them would only slow the matrix products of search down.
    threadpool_limits(1)
    return create_app(
        os.environ.get("STORYLINE_DB", "storyline.db"),
        token=os.environ.get("STORYLINE_TOKEN") or None,
        semantic=os.environ.get("STORYLINE_SEMANTIC", "1") != "0",
        cache_mb=int(os.environ.get("STORYLINE_CACHE_MB", DEFAULT_CACHE_MB)),
    )


class Guard:
    """ASGI middleware: the token check (when one is set) and the security headers on every
    response. Plain ASGI, not ``@app.middleware``: it adds no task or body stream per
    request, which shows at fifty clients on two cores."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from_query = None
        if self.token is not None:
            request = Request(scope)
            from_query = request.query_params.get("token")
            header = request.headers.get("authorization", "")
            bearer = header[7:].strip() if header.lower().startswith("bearer ") else None
            given = bearer or from_query or request.cookies.get(TOKEN_COOKIE) or ""
            if not secrets.compare_digest(given.encode(), self.token.encode()):
                denied = _error_response(
                    request,
                    401,
                    "unauthorized",
                    "this server needs its token: send 'Authorization: Bearer TOKEN' or open "
                    "the address `storyline serve` printed (it carries ?token=)",
                )
                denied.headers.update(SECURITY_HEADERS)
                await denied(scope, receive, send)
                return
        cookie = (
            f"{TOKEN_COOKIE}={from_query}; HttpOnly; SameSite=Strict; Path=/"
            if from_query
            else None
        )

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_RAW_HEADERS]
                if cookie:
                    message["headers"].append((b"set-cookie", cookie.encode("latin-1")))
            await send(message)

        await self.app(scope, receive, send_with_headers)


_RAW_HEADERS = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]


def _errors(app: FastAPI) -> None:
    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return _error_response(request, 404, "not_found", str(exc))

    @app.exception_handler(StorylineError)
    async def bad(request: Request, exc: StorylineError) -> Response:
        return _error_response(request, 400, "bad_request", str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [
            {"parameter": ".".join(str(p) for p in e["loc"][1:]), "problem": e["msg"]}
            for e in exc.errors()
        ]
        message = "; ".join(f"{d['parameter']}: {d['problem']}" for d in details)
        return _error_response(request, 422, "invalid_parameter", message, details)

    @app.exception_handler(StarletteHTTPException)
    async def http(request: Request, exc: StarletteHTTPException) -> Response:
        code = "not_found" if exc.status_code == 404 else "http_error"
        return _error_response(request, exc.status_code, code, str(exc.detail))


def _error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
) -> Response:
    error = {"status": status, "code": code, "message": message, "details": details or []}
    if request.url.path.startswith("/api/") or request.url.path.startswith("/static/"):
        return JSONResponse({"error": error}, status_code=status)
    return HTMLResponse(_render("error.html", {"view": "error", "error": error}), status)


# -- routes -------------------------------------------------------------------------------

Handler = Callable[..., Awaitable[dict[str, Any]]]


def _twin(
    app: FastAPI, path: str, template: str, *, also: tuple[str, ...] = ()
) -> Callable[[Handler], Handler]:
    """Register one handler as a page (``path``, and the pages in ``also``) and as JSON
    (``/api`` + ``path``)."""

    def register(handler: Handler) -> Handler:
        # The dependency sits in the defaults: these annotations are strings (postponed
        # evaluation) and could not name the local ``handler``.
        async def as_json(data: dict[str, Any] = Depends(handler)) -> JSONResponse:  # noqa: B008
            # The handlers return plain JSON types: skip FastAPI's per-value encoder walk.
            return JSONResponse(data)

        async def as_page(
            request: Request,
            data: dict[str, Any] = Depends(handler),  # noqa: B008
        ) -> HTMLResponse:
            page = {**data, "request_path": request.url.path, "params": dict(request.query_params)}
            return HTMLResponse(_render(template, page))

        name = handler.__name__
        app.add_api_route(
            "/api" + path,
            as_json,
            methods=["GET"],
            name=f"api_{name}",
            summary=(handler.__doc__ or name).strip().splitlines()[0],
            response_class=JSONResponse,
        )
        for page_path in (path, *also):
            app.add_api_route(
                page_path,
                as_page,
                methods=["GET"],
                name=name if page_path == path else f"{name}_{page_path.strip('/') or 'home'}",
                include_in_schema=False,
                response_class=HTMLResponse,
            )
        return handler

    return register


def _routes(app: FastAPI) -> None:
    @_twin(app, "/stories", "feed.html", also=("/",))
    async def feed(db: Store, f: Listing, w: Page) -> dict[str, Any]:
        """Stories newest first, filtered by date, language, outlet and entity."""
        return views.feed(db, f, w)

    @_twin(app, "/stories/{story_id}", "story.html")
    async def story(db: Store, story_id: Id) -> dict[str, Any]:
        """One story: sources side by side, differences per source, summary, events."""
        return views.story(db, story_id)

    @_twin(app, "/articles", "articles.html")
    async def articles(db: Store, f: Listing, w: Page) -> dict[str, Any]:
        """Articles newest first, filtered by date, language, outlet and entity."""
        return views.articles(db, f, w)

    @_twin(app, "/articles/{article_id}", "article.html")
    async def article(
        db: Store,
        article_id: Id,
        hl: Annotated[
            str | None, Query(pattern=r"^\d{1,9}-\d{1,9}$", description="START-END")
        ] = None,
    ) -> dict[str, Any]:
        """One article's text with entities linked and the span ``hl`` highlighted."""
        span = None
        if hl:
            start, end = (int(v) for v in hl.split("-"))
            if end < start:
                raise ConfigError(f"hl={hl}: the end comes before the start")
            span = (start, end)
        return views.article(db, article_id, span)

    @_twin(app, "/entities", "entities.html")
    async def entities(
        db: Store,
        w: Page,
        type: Annotated[str | None, Query(pattern=r"^(PER|ORG|LOC|NORP)$")] = None,
    ) -> dict[str, Any]:
        """Canonical entities, most mentioned first."""
        return views.entities(db, w, type)

    @_twin(app, "/entities/{entity_id}", "entity.html")
    async def entity(
        db: Store, entity_id: Annotated[str, PathParam(min_length=1, max_length=200)]
    ) -> dict[str, Any]:
        """An entity by id or any spelling: aliases, roles, events, co-occurring entities."""
        return views.entity(db, entity_id)

    @_twin(app, "/events", "events.html")
    async def events(db: Store, f: Listing, w: Page) -> dict[str, Any]:
        """Events filtered by type, entity, place and dates, with a timeline and a map."""
        return views.events(db, f, w)

    @_twin(app, "/events/{event_id}", "event.html")
    async def event(db: Store, event_id: Id) -> dict[str, Any]:
        """One event with every report, its evidence, counts per source and merge reasons."""
        return views.event(db, event_id)

    @_twin(app, "/search", "search.html")
    async def search(
        db: Store,
        w: Page,
        q: Annotated[str, Query(min_length=1, max_length=300, description="words or names")],
        language: Language = None,
        near: Callable[[str], list[tuple[str, float]]] | None = Depends(nearest),  # noqa: B008
    ) -> dict[str, Any]:
        """Articles in any language for a query: through the entities it names and its words,
        and the stories nearest it by meaning."""
        return views.search(db, q, w, language=language or None, nearest=near)

    @app.get("/api/health", summary="Whether the server and its store answer")
    async def health(db: Store) -> dict[str, Any]:
        return {"status": "ok", "articles": db.count_articles()}

    @app.get("/world.svg", include_in_schema=False)
    async def world() -> Response:
        return Response(
            _world_svg(),
            media_type="image/svg+xml",
            headers={"Cache-Control": "public, max-age=86400"},
        )


@lru_cache(maxsize=1)
def _world_svg() -> str:
    """The bundled country outlines as one SVG in map coordinates (0 0 360 180), drawn under
    every map and cached by the browser."""
    paths = "".join(
        f'<path d="{c.d}"><title>{_xml(c.name)}</title></path>' for c in load_countries()
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180" width="360" height="180">'
        '<g fill="#e4e7eb" stroke="#9aa5b1" stroke-width="0.15">' + paths + "</g></svg>"
    )


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@lru_cache(maxsize=1)
def _templates() -> Environment:
    env = Environment(
        loader=PackageLoader("storyline.serve", "templates"),
        autoescape=select_autoescape(["html", "svg"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship in the package: no file check per render
    )
    env.globals["language_names"] = _LANGUAGE_NAMES
    env.globals["lang"] = _lang
    env.globals["evidence"] = _evidence
    env.filters["outlet"] = _outlet
    return env


# The two snippets every page repeats dozens of times, as Python (a Jinja macro call costs
# more than the markup it makes). Every value is escaped.
def _lang(code: str | None) -> Markup:
    """A language code, its name on hover."""
    name = _LANGUAGE_NAMES.get(code or "und", code)
    return Markup(f'<span class="lang" title="{escape(name)}">{escape(code or "und")}</span>')


def _evidence(article_id: str, span: list[int], label: str) -> Markup:
    """A link to the characters a fact came from, highlighted in its article."""
    href = f"/articles/{escape(article_id)}?hl={int(span[0])}-{int(span[1])}#hl"
    return Markup(f'<a class="evidence" href="{href}">{escape(label)}</a>')


def _outlet(value: str | None) -> str:
    """An outlet as a reader names it: a publisher stays, a URL becomes its host and a file
    path its file name (articles read from disk have no publisher of their own)."""
    if not value:
        return ""
    if "://" in value:
        return value.split("://", 1)[1].split("/", 1)[0]
    return value.rsplit("/", 1)[-1] if "/" in value else value


def _render(template: str, data: dict[str, Any]) -> str:
    return _templates().get_template(template).render(**data)


_LANGUAGE_NAMES = {
    "en": "English",
    "ru": "Russian",
    "tg": "Tajik",
    "fa": "Persian",
    "uz": "Uzbek",
    "kk": "Kazakh",
    "ky": "Kyrgyz",
    "de": "German",
    "fr": "French",
    "ar": "Arabic",
    "und": "undetermined",
}


def static_files() -> list[str]:
    """The bundled asset names (for the page-weight bench and the offline test)."""
    root = resources.files("storyline.serve").joinpath("static")
    return sorted(p.name for p in root.iterdir() if p.name.endswith((".css", ".js")))
