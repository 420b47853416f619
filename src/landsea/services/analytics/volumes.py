"""Volumes and modal split: TEU booked per ISO week and mode, TEU-km per mode."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from landsea.services.analytics.booked import MODES, Booked, load, period, within
from landsea.services.platform import Platform

__all__ = ["ModalSplit", "ModeShare", "Volumes", "WeekVolume", "modal_split", "volumes"]


@dataclass(frozen=True, slots=True, kw_only=True)
class WeekVolume:
    week: str
    """The ISO 8601 week, ``2026-W50``."""
    starts: dt.date
    """Its Monday."""
    teu: Mapping[str, int]
    """TEU per mode (every mode, zero-filled)."""
    total: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Volumes:
    """TEU booked per ISO week and per mode (see :func:`volumes`)."""

    start: dt.datetime
    end: dt.datetime
    modes: tuple[str, ...]
    weeks: tuple[WeekVolume, ...]
    totals: Mapping[str, int]
    total_teu: int
    bookings: int
    unplaced_legs: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ModeShare:
    teu_km: float
    share: float | None
    """Of the total TEU-km, four decimals; ``None`` when nothing moved."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ModalSplit:
    """TEU-km per mode and each mode's share (see :func:`modal_split`)."""

    start: dt.datetime
    end: dt.datetime
    modes: Mapping[str, ModeShare]
    total_teu_km: float
    unplaced_legs: int


def _week(moment: dt.datetime) -> str:
    """The ISO 8601 week of a UTC instant.

    >>> _week(dt.datetime(2026, 12, 28, 2, tzinfo=dt.UTC))
    '2026-W53'
    """
    year, week, _ = moment.astimezone(dt.UTC).isocalendar()
    return f"{year}-W{week:02d}"


def _weeks(start: dt.datetime, end: dt.datetime) -> list[tuple[str, dt.date]]:
    """Every ISO week the period touches, with its Monday."""
    monday = start.date() - dt.timedelta(days=start.weekday())
    last = (end - dt.timedelta(microseconds=1)).date()
    weeks = []
    while monday <= last:
        year, week, _ = monday.isocalendar()
        weeks.append((f"{year}-W{week:02d}", monday))
        monday += dt.timedelta(days=7)
    return weeks


def volumes(platform: Platform, start: dt.datetime, end: dt.datetime) -> Volumes:
    """TEU booked per ISO week and per mode, for the legs departing in ``[start, end)``.

    Parameters
    ----------
    platform
        The running platform.
    start, end
        The period, aware datetimes (taken in UTC).

    Returns
    -------
    Volumes
        ``weeks``: one entry per ISO week the period touches (``"2026-W50"``, its Monday, TEU
        per mode and the total), zero-filled; ``totals``: TEU per mode over the period;
        ``total_teu``; ``bookings``: how many bookings are counted; ``unplaced_legs``: legs
        whose service or stops the network no longer has, left out.

    Notes
    -----
    A confirmed or completed booking counts its TEU once, in the week (UTC) of the first of its
    legs planned to depart in the period (see :mod:`.booked` for on-demand legs): in ``total``
    once, and once under each mode its legs of the period ride. A booking by rail then sea
    shows under both modes, so the modes may add up to more than the total: they say how much
    cargo each mode carried, the total how much cargo there was.
    """
    start, end = period(start, end)
    booked = load(platform, start, end)
    weeks = _weeks(start, end)
    by_week: dict[str, dict[str, int]] = {label: dict.fromkeys(MODES, 0) for label, _ in weeks}
    week_total = {label: 0 for label, _ in weeks}
    totals = dict.fromkeys(MODES, 0)
    counted = 0
    for item in booked:
        legs = [leg for leg in item.placed if within(leg.departs, start, end)]
        if not legs:
            continue
        teu = item.booking.teu
        week = _week(min(leg.departs for leg in legs if leg.departs is not None))
        for mode in {leg.service.mode for leg in legs}:
            by_week[week][mode] += teu
            totals[mode] += teu
        week_total[week] += teu
        counted += 1
    return Volumes(
        start=start,
        end=end,
        modes=tuple(m.value for m in MODES),
        weeks=tuple(
            WeekVolume(
                week=label,
                starts=monday,
                teu={m.value: by_week[label][m] for m in MODES},
                total=week_total[label],
            )
            for label, monday in weeks
        ),
        totals={m.value: totals[m] for m in MODES},
        total_teu=sum(week_total.values()),
        bookings=counted,
        unplaced_legs=_unplaced(booked, start, end),
    )


def _unplaced(booked: list[Booked], start: dt.datetime, end: dt.datetime) -> int:
    """Legs left out because the network lost their service or stops, of the bookings with
    another leg in the period."""
    return sum(
        len(item.legs) - len(item.placed)
        for item in booked
        if len(item.placed) < len(item.legs)
        and any(within(leg.departs, start, end) for leg in item.placed)
    )


def modal_split(platform: Platform, start: dt.datetime, end: dt.datetime) -> ModalSplit:
    """TEU-km per mode, and each mode's share, for the legs departing in ``[start, end)``.

    Returns
    -------
    ModalSplit
        ``modes``: per mode ``teu_km`` (one decimal) and ``share`` of the total (four decimals,
        ``None`` when nothing moved); ``total_teu_km``; ``unplaced_legs`` as in :func:`volumes`.

    Notes
    -----
    A leg's TEU-km are its TEU × the distance it rides on its service, from its boarding stop
    to its alighting stop (``Service.distance_between``: the dataset's stop-to-stop distances,
    not great-circle). Legs are chosen as :func:`volumes` chooses them.
    """
    start, end = period(start, end)
    teu_km = dict.fromkeys(MODES, 0.0)
    booked = load(platform, start, end)
    for item in booked:
        for leg in item.placed:
            if within(leg.departs, start, end):
                teu_km[leg.service.mode] += leg.leg.teu * leg.distance_km
    total = sum(teu_km.values())
    return ModalSplit(
        start=start,
        end=end,
        modes={
            m.value: ModeShare(
                teu_km=round(teu_km[m], 1),
                share=round(teu_km[m] / total, 4) if total > 0 else None,
            )
            for m in MODES
        },
        total_teu_km=round(total, 1),
        unplaced_legs=_unplaced(booked, start, end),
    )
