"""Driving time of an on-demand truck: distance at an average speed, plus drivers' rest."""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["DrivingRules"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DrivingRules:
    """How fast a truck goes and how long its driver must rest.

    ``max_continuous_h`` of driving are followed by a break of ``break_h``; after
    ``daily_driving_h`` of driving in a day the driver rests ``daily_rest_h``.
    """

    average_speed_kmh: float
    max_continuous_h: float
    break_h: float
    daily_driving_h: float
    daily_rest_h: float

    def elapsed_hours(self, distance_km: float) -> float:
        """Hours from departure to arrival over ``distance_km``, rests included.

        Breaks and daily rests count only between driving periods, never after arrival.

        Examples
        --------
        >>> rules = DrivingRules(average_speed_kmh=60, max_continuous_h=4, break_h=0.5,
        ...                      daily_driving_h=9, daily_rest_h=11)
        >>> rules.elapsed_hours(120)          # 2 h, no rest
        2.0
        >>> rules.elapsed_hours(300)          # 5 h: one break
        5.5
        >>> rules.elapsed_hours(600)          # 10 h: 9 h with 2 breaks, daily rest, 1 h
        22.0
        """
        if distance_km <= 0:
            return 0.0
        driving = distance_km / self.average_speed_kmh
        days = math.ceil(driving / self.daily_driving_h - 1e-9)
        elapsed = driving + (days - 1) * self.daily_rest_h
        remaining = driving
        for _ in range(days):
            today = min(remaining, self.daily_driving_h)
            elapsed += (math.ceil(today / self.max_continuous_h - 1e-9) - 1) * self.break_h
            remaining -= today
        return round(elapsed, 4)
