"""What a replication measures, and the summary of a scenario's replications with 95 %
confidence intervals (Student's t over replications)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["Estimate", "ReplicationResult", "ScenarioSummary", "json_document", "summarise"]

# Student's t, two-sided 95 %, by degrees of freedom (1 … 30); 1.96 beyond.
_T95 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
        2.060, 2.056, 2.052, 2.048, 2.045, 2.042)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplicationResult:
    """One replication of one scenario; times in hours, money in CNY, emissions in tonnes."""

    scenario: str
    replication: int
    seed: int
    teu_demanded: int
    teu_delivered: int
    teu_undelivered: int
    lead_p50_h: float
    lead_p90_h: float
    lead_mean_h: float
    days_late: float
    """Days late per delivered TEU (whole or part days after the lane's due time)."""
    cost_cny: float
    co2e_t: float
    backlog_teu: tuple[float, ...]
    """TEU ready and not yet delivered, at the end of each day of the horizon."""
    utilisation: dict[str, float]
    """Service id → TEU booked on its runs in the horizon over their capacity."""
    lead_histogram: tuple[int, ...]
    """Delivered consignments per lead time band of one day (the last band: longer)."""
    arrival_rate_teu_h: float
    missed: int
    """Lots that missed a connection or lost their run, and were planned again."""
    journeys: tuple[tuple[tuple[int, int], ...], ...] = field(default=())
    """With ``record``: each lot's (departure, arrival) minutes per leg, in booking order."""
    planned: tuple[tuple[tuple[int, int], ...], ...] = field(default=())
    """With ``record``: the planner's (departure, arrival) per leg of each lot's itinerary."""

    def document(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("journeys")
        data.pop("planned")
        return json_document(data)


@dataclass(frozen=True, slots=True, kw_only=True)
class Estimate:
    """A mean over replications and its 95 % confidence interval."""

    mean: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Estimate:
        """Over the replications that measured it (NaN: e.g. no lot delivered, no lead time).

        >>> Estimate.of([2.0, math.nan, 4.0]).mean
        3.0
        """
        values = [v for v in values if not math.isnan(v)]
        mean = statistics.fmean(values) if values else math.nan
        if len(values) < 2:
            return cls(mean=mean, low=mean, high=mean)
        df = len(values) - 1
        t = _T95[df - 1] if df <= len(_T95) else 1.96
        half = t * statistics.stdev(values) / math.sqrt(len(values))
        return cls(mean=mean, low=mean - half, high=mean + half)


@dataclass(frozen=True, slots=True, kw_only=True)
class ScenarioSummary:
    scenario: str
    replications: int
    teu_delivered: Estimate
    lead_p50_h: Estimate
    lead_p90_h: Estimate
    days_late: Estimate
    cost_cny: Estimate
    co2e_t: Estimate
    backlog_teu: tuple[float, ...]
    """Mean backlog at the end of each day, over replications."""
    utilisation: dict[str, float]
    lead_histogram: tuple[float, ...]

    def document(self) -> dict[str, Any]:
        return json_document(asdict(self))


def json_document(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with every NaN (a figure no replication measured) as ``None``: JSON has no NaN."""
    return {key: _json_safe(value) for key, value in data.items()}


def _json_safe(value: Any) -> Any:
    """``value`` with NaN (a figure no replication measured) as ``None``: JSON has no NaN."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_json_safe(v) for v in value)
    return value


def summarise(results: Sequence[ReplicationResult]) -> ScenarioSummary:
    """The scenario's estimates over its replications (all of one scenario)."""
    n = len(results)
    days = min(len(r.backlog_teu) for r in results)
    services = sorted({s for r in results for s in r.utilisation})
    bands = min(len(r.lead_histogram) for r in results)
    return ScenarioSummary(
        scenario=results[0].scenario,
        replications=n,
        teu_delivered=Estimate.of([r.teu_delivered for r in results]),
        lead_p50_h=Estimate.of([r.lead_p50_h for r in results]),
        lead_p90_h=Estimate.of([r.lead_p90_h for r in results]),
        days_late=Estimate.of([r.days_late for r in results]),
        cost_cny=Estimate.of([r.cost_cny for r in results]),
        co2e_t=Estimate.of([r.co2e_t for r in results]),
        backlog_teu=tuple(sum(r.backlog_teu[d] for r in results) / n for d in range(days)),
        utilisation={s: sum(r.utilisation.get(s, 0.0) for r in results) / n for s in services},
        lead_histogram=tuple(sum(r.lead_histogram[b] for r in results) / n for b in range(bands)),
    )
