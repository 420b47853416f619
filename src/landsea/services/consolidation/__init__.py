"""Consolidation (集结): pending cargo requests (:mod:`.requests`), assigned to departures at
least cost (:mod:`.assign`, over :mod:`landsea.optimise.formulation`), booked all at once
(:mod:`.apply`), as durable runs (:mod:`.runs`) whose result is stored as JSON (:mod:`.stored`).
"""

from __future__ import annotations

from landsea.domain.consolidation import ConsolidationOptions as ConsolidationOptions
from landsea.domain.consolidation import ConsolidationResult as ConsolidationResult
from landsea.services.consolidation.apply import apply_result as apply_result
from landsea.services.consolidation.assign import Progress as Progress
from landsea.services.consolidation.assign import consolidate as consolidate
from landsea.services.consolidation.requests import CSV_COLUMNS as CSV_COLUMNS
from landsea.services.consolidation.requests import NewCargoRequest as NewCargoRequest
from landsea.services.consolidation.requests import cancel_request as cancel_request
from landsea.services.consolidation.requests import create_request as create_request
from landsea.services.consolidation.requests import find_requests as find_requests
from landsea.services.consolidation.requests import pending_requests as pending_requests
from landsea.services.consolidation.requests import read_requests_csv as read_requests_csv
from landsea.services.consolidation.runs import RUN_JOB as RUN_JOB
from landsea.services.consolidation.runs import RunView as RunView
from landsea.services.consolidation.runs import get_run as get_run
from landsea.services.consolidation.runs import recent_runs as recent_runs
from landsea.services.consolidation.runs import run_stored as run_stored
from landsea.services.consolidation.runs import start_run as start_run
from landsea.services.consolidation.stored import result_document as result_document

__all__ = [
    "CSV_COLUMNS",
    "RUN_JOB",
    "ConsolidationOptions",
    "ConsolidationResult",
    "NewCargoRequest",
    "Progress",
    "RunView",
    "apply_result",
    "cancel_request",
    "consolidate",
    "create_request",
    "find_requests",
    "get_run",
    "pending_requests",
    "read_requests_csv",
    "recent_runs",
    "result_document",
    "run_stored",
    "start_run",
]
