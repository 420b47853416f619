"""The interactive API documentation at ``/docs``: Swagger UI served from the package.

FastAPI's own ``/docs`` page loads Swagger UI from a CDN and starts it with an inline script; the
platform loads nothing from outside and its Content-Security-Policy allows no inline script, so
the page here is static markup, the vendored Swagger UI (``api/static/swagger-ui``, see its
``SOURCE.md``) and a small start-up script of our own.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

__all__ = ["DOCS_PATH", "install_docs"]

DOCS_PATH = "/docs"
_ASSETS = f"{DOCS_PATH}/assets"
_FOLDER = Path(__file__).parent / "static" / "swagger-ui"

_PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>landsea API — Swagger UI</title>
<link rel="stylesheet" href="{_ASSETS}/swagger-ui.css">
</head>
<body>
<main id="swagger-ui" data-openapi="/openapi.json"></main>
<script src="{_ASSETS}/swagger-ui-bundle.js"></script>
<script src="{_ASSETS}/init.js"></script>
</body>
</html>
"""


def install_docs(app: FastAPI) -> None:
    """Serve ``/docs`` and its assets (the app is made with ``docs_url=None``)."""
    app.mount(_ASSETS, StaticFiles(directory=str(_FOLDER)), name="swagger-ui")

    @app.get(DOCS_PATH, include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return HTMLResponse(_PAGE)
