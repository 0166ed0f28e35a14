"""The web page and the HTTP API over a store: ``create_app(db_path)``, run by ``storyline serve``.

``views.py`` holds the handlers (plain data for each page), ``app.py`` registers each one as an
HTML page and as its JSON twin under ``/api``, ``charts.py`` lays out timelines, graphs and
maps, ``geo.py`` projects coordinates over the bundled country outlines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storyline.serve.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # FastAPI loads only when the app is asked for: `storyline --help` stays fast.
    if name == "create_app":
        from storyline.serve.app import create_app

        return create_app
    raise AttributeError(name)
