"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from landsea.api.problems import install_problem_handlers
from landsea.api.routes import (
    bookings,
    customs,
    departures,
    events,
    network,
    organisations,
    plans,
    stats,
    subscriptions,
)
from landsea.config import Settings, get_settings
from landsea.services.departures import sync_departures
from landsea.services.platform import Platform, open_platform
from landsea.services.subscriptions import Deliverer

__all__ = ["create_app"]


def create_app(settings: Settings | None = None, *, platform: Platform | None = None) -> FastAPI:
    """The landsea API; it opens the configured database and network when it starts."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        chosen = settings or get_settings()
        opened = platform or open_platform(
            chosen.database_url,
            network=chosen.network,
            departure_horizon_days=chosen.departure_horizon_days,
            eta_change_hours=chosen.eta_change_hours,
            clearance_min_samples=chosen.clearance_min_samples,
        )
        if platform is None:
            sync_departures(opened)  # the horizon rolls on: store the days that came into it
        app.state.platform = opened
        # A server started on its own delivers event notifications; an embedding caller (tests)
        # passes its platform and delivers when it chooses.
        deliverer = None
        if platform is None and chosen.delivery_interval_seconds > 0:
            deliverer = Deliverer(opened, chosen.delivery_interval_seconds)
            deliverer.start()
        try:
            yield
        finally:
            if deliverer is not None:
                deliverer.stop()
            if platform is None:
                opened.dispose()

    app = FastAPI(
        title="landsea",
        summary="The open platform of the New International Land-Sea Trade Corridor (西部陆海新通道)",
        version="0.1.0",
        lifespan=lifespan,
        generate_unique_id_function=lambda route: (
            f"{route.tags[0]}-{route.name}" if route.tags else route.name
        ),
    )
    if platform is not None:
        app.state.platform = platform
    install_problem_handlers(app)
    for module in (
        network,
        departures,
        plans,
        bookings,
        events,
        subscriptions,
        customs,
        stats,
        organisations,
    ):
        app.include_router(module.router, prefix="/api/v1")
    return app
