"""Where a figure comes from: a cited publication, a stated estimate, or a computation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Provenance", "ProvenanceKind", "Source"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A publication that figures cite (one entry of a dataset's bibliography)."""

    key: str
    publisher: str
    year: int
    date: dt.date | None = None
    title: str = ""
    url: str = ""

    def citation(self) -> str:
        """A short human citation, e.g. ``Xinhua, 2022-03-27``.

        >>> Source(key="x", publisher="Xinhua", year=2022).citation()
        'Xinhua, 2022'
        """
        when = self.date.isoformat() if self.date else str(self.year)
        return f"{self.publisher}, {when}"


class ProvenanceKind(StrEnum):
    SOURCE = "source"
    ESTIMATE = "estimate"
    COMPUTED = "computed"


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
    """Where one figure comes from.

    ``kind`` is ``source`` (``text`` is a bibliography key), ``estimate`` (``text`` says how the
    estimate was made) or ``computed`` (``text`` names the method, e.g. great-circle × circuity).
    """

    kind: ProvenanceKind
    text: str
    note: str = ""

    @classmethod
    def cited(cls, key: str, note: str = "") -> Provenance:
        return cls(kind=ProvenanceKind.SOURCE, text=key, note=note)

    @classmethod
    def estimated(cls, how: str, note: str = "") -> Provenance:
        return cls(kind=ProvenanceKind.ESTIMATE, text=how, note=note)

    @classmethod
    def computed(cls, method: str) -> Provenance:
        return cls(kind=ProvenanceKind.COMPUTED, text=method)

    @property
    def is_estimate(self) -> bool:
        """Computed figures (great-circle × circuity, searoute) are estimates too."""
        return self.kind is not ProvenanceKind.SOURCE

    def as_dict(self) -> dict[str, str]:
        out = {self.kind.value: self.text}
        if self.note:
            out["note"] = self.note
        return out
