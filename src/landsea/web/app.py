"""The whole platform: the API under ``/api/v1`` and the web pages at ``/``."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from landsea.api.app import create_app as create_api
from landsea.config import Settings
from landsea.services.platform import Platform
from landsea.web.pages import router

__all__ = ["COMPRESS_FROM", "create_app"]

COMPRESS_FROM = 1024
"""Answers of at least this many bytes are gzipped for clients that accept it."""


def create_app(settings: Settings | None = None, *, platform: Platform | None = None) -> FastAPI:
    """The API with the web platform beside it; every asset is served from the package."""
    app = create_api(settings, platform=platform, compress_from=COMPRESS_FROM)
    app.mount(
        "/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static"
    )
    app.include_router(router)
    return app
