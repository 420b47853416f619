"""Simulations of the corridor (operators and admins): durable background jobs."""

from __future__ import annotations

from fastapi import APIRouter

from landsea.api.deps import Caller, PlatformDep
from landsea.api.schemas import SimulationCreate, SimulationPublic
from landsea.services import simulation

router = APIRouter(tags=["simulation"])


@router.post("/simulations", response_model=SimulationPublic, status_code=202)
def create_simulation(
    platform: PlatformDep, caller: Caller, body: SimulationCreate
) -> SimulationPublic:
    """Run a scenario file's replications as a background job; poll
    ``GET /simulations/{id}`` for the results."""
    simulation_id = simulation.start_simulation(
        platform, caller, body.scenario, replications=body.replications, seed=body.seed
    )
    return SimulationPublic.of(simulation.get_simulation(platform, caller, simulation_id))


@router.get("/simulations/{simulation_id}", response_model=SimulationPublic)
def get_simulation(platform: PlatformDep, caller: Caller, simulation_id: str) -> SimulationPublic:
    """A simulation: ``queued``, ``running``, ``done`` with its results, or ``failed``."""
    return SimulationPublic.of(simulation.get_simulation(platform, caller, simulation_id))
