"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware

from landsea.api.booking_fast_path import BookingFastPath
from landsea.api.docs import install_docs
from landsea.api.input_guard import InputGuard
from landsea.api.problems import install_problem_handlers
from landsea.api.routes import (
    bookings,
    consolidation,
    customs,
    dcsa_cs,
    dcsa_tnt_subscriptions,
    dcsa_tnt_v2,
    dcsa_tnt_v3,
    departures,
    disruptions,
    documents,
    events,
    invoices,
    network,
    organisations,
    plans,
    rates,
    simulations,
    stats,
    subscriptions,
)
from landsea.api.security import SecurityHeaders
from landsea.config import Settings, get_settings
from landsea.services.booking import booking_connections
from landsea.services.jobs import Workers
from landsea.services.platform import Platform, platform_from
from landsea.services.subscriptions import Deliverer

__all__ = ["create_app"]


DCSA_TNT = (
    dcsa_tnt_v2.router,
    dcsa_tnt_v3.router,
    dcsa_tnt_subscriptions.v2_router,
    dcsa_tnt_subscriptions.v3_router,
)
"""The DCSA Track & Trace faces, ``/dcsa/tnt/v2`` (2.2.0) and ``/dcsa/tnt/v3`` (3.0.0)."""


def create_app(
    settings: Settings | None = None,
    *,
    platform: Platform | None = None,
    fast_bookings: bool = True,
    compress_from: int | None = None,
) -> FastAPI:
    """The landsea API; it opens the configured database and network when it starts.

    ``fast_bookings``: the common booking is answered before FastAPI's routing
    (:mod:`landsea.api.booking_fast_path`; ``app.state.fast_bookings`` switches it later).
    ``compress_from``: answers of at least this many bytes are gzipped for clients that accept
    it (GZip inside the booking's fast path)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if platform is not None:  # an embedding caller (tests) brings its own and delivers
            app.state.platform = platform
            async with _booking_connections(app, platform):
                yield
            return
        chosen = settings or get_settings()
        opened = platform_from(chosen, roll_horizon=True)
        opened.roll()  # the horizon rolls on, now and each day: store the days come into it
        app.state.platform = opened
        # The server delivers event notifications to subscribers in the background.
        deliverer = None
        if chosen.delivery_interval_seconds > 0:
            deliverer = Deliverer(opened, chosen.delivery_interval_seconds)
            deliverer.start()
        # Durable jobs (consolidation runs, ...) are carried out by every server too.
        workers = None
        if chosen.job_workers > 0:
            workers = Workers(
                opened, concurrency=chosen.job_workers, lease_seconds=chosen.job_lease_seconds
            )
            workers.start()
        try:
            async with _booking_connections(app, opened):
                yield
        finally:
            if workers is not None:
                workers.stop()
            if deliverer is not None:
                deliverer.stop()
            opened.dispose()

    app = FastAPI(
        title="landsea",
        summary="The open platform of the New International Land-Sea Trade Corridor (西部陆海新通道)",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served from the package by install_docs, under the strict CSP
        redoc_url=None,
        generate_unique_id_function=lambda route: (
            f"{route.tags[0]}-{route.name}" if route.tags else route.name
        ),
    )
    if platform is not None:
        app.state.platform = platform
    install_problem_handlers(app)
    install_docs(app)
    _install_middleware(app, settings, platform, compress_from)
    app.state.fast_bookings = fast_bookings
    _include_routers(app)
    return app


def _install_middleware(
    app: FastAPI, settings: Settings | None, platform: Platform | None, compress_from: int | None
) -> None:
    """Outermost first: the booking's fast path, GZip (``compress_from``), the input guard,
    the security headers."""
    app.add_middleware(SecurityHeaders)  # on every response, the web pages' too

    def body_limit() -> int:
        """Read when a request comes, so that settings stay lazy; an embedding caller without
        settings gets the default."""
        if settings is not None:
            return settings.max_body_bytes
        if platform is not None:
            return int(Settings.model_fields["max_body_bytes"].default)
        return get_settings().max_body_bytes

    # Every request is read by the guard first: the body's size and text the platform can store.
    app.add_middleware(InputGuard, max_body_bytes=body_limit)
    if compress_from is not None:
        app.add_middleware(GZipMiddleware, minimum_size=compress_from)
    # Outermost of the API's own: the common booking, or on to the rest and the route. Its
    # answers are the route's, compressed as GZip would (an answer the client would get
    # compressed goes through GZip; a common booking's is shorter than 1024 bytes).
    app.add_middleware(BookingFastPath, max_body_bytes=body_limit, compress_from=compress_from)


@asynccontextmanager
async def _booking_connections(app: FastAPI, platform: Platform) -> AsyncIterator[None]:
    """The booking's fast path's own connections (PostgreSQL), ``app.state.
    booking_connections`` while the app serves, closed when it stops."""
    connections = booking_connections(platform)
    app.state.booking_connections = connections
    try:
        yield
    finally:
        app.state.booking_connections = None
        if connections is not None:
            await connections.aclose()


def _include_routers(app: FastAPI) -> None:
    """landsea's own API under ``/api/v1``, and the DCSA faces at their own paths."""
    for module in (
        network,
        departures,
        disruptions,
        plans,
        bookings,
        events,
        subscriptions,
        customs,
        consolidation,
        simulations,
        stats,
        organisations,
        documents,
        rates,
        invoices,
    ):
        app.include_router(module.router, prefix="/api/v1")
    app.include_router(dcsa_cs.router)  # DCSA Commercial Schedules 1.0.3
    for face in DCSA_TNT:  # DCSA Track & Trace, each version exactly
        app.include_router(face)
