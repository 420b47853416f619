"""Reading the fields of one TOML record: text, names, choices, currencies and figures with
their provenance, each problem reported with file, record and field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeGuard, TypeVar

from landsea.domain.codes import validate_currency
from landsea.domain.network import (
    LocalizedName,
    LocationKind,
    Mode,
)
from landsea.domain.provenance import Provenance
from landsea.domain.timetable import Product
from landsea.errors import InvalidCode
from landsea.feeds.dataset.state import Citation, ReaderState

_E = TypeVar("_E", Mode, Product)

__all__ = ["Figure", "Record", "choices", "is_number"]


@dataclass(slots=True)
class Figure:
    value: float
    provenance: Provenance


class Record:
    """Reads the fields of one record, reporting each problem with file, record and field."""

    def __init__(
        self,
        reader: ReaderState,
        file: str,
        record: str,
        table: dict[str, Any],
        *,
        prefix: str = "",
        parent: Record | None = None,
    ) -> None:
        self.reader = reader
        self.file = file
        self.record = record
        self.table = table
        self.prefix = prefix
        self.parent = parent
        self.failed = False
        self.provenance: dict[str, Provenance] = parent.provenance if parent else {}

    def fail(self, field: str, message: str) -> None:
        self.failed = True
        if self.parent is not None:
            self.parent.failed = True
        self.reader.problem(self.file, self.record, self.prefix + field, message)

    def allow(self, fields: set[str]) -> None:
        for key in self.table:
            if key not in fields:
                self.fail(key, f"unknown field (expected one of {', '.join(sorted(fields))})")

    @classmethod
    def of_array(
        cls, reader: ReaderState, file: str, kind: str, index: int, table: Any, key: str
    ) -> Record | None:
        """The record of the ``index``-th ``[[kind]]`` table of ``file``, named by its ``key``
        where it has one; ``None`` (reported) when it is not a table."""
        if not isinstance(table, dict):
            reader.problem(file, f"{kind}[{index}]", "", "must be a table")
            return None
        raw = table.get(key)
        return cls(
            reader, file, f"{kind} {raw}" if isinstance(raw, str) else f"{kind}[{index}]", table
        )

    def code(self, name: str, validate: Callable[[str], object]) -> str | None:
        """The text of ``name`` if ``validate`` accepts it. Its refusal is reported without
        failing the record: the caller decides what a record without the code is worth."""
        value = self.text(name)
        if value is None:
            return None
        try:
            validate(value)
        except InvalidCode as exc:
            self.reader.problem(self.file, self.record, self.prefix + name, str(exc))
            return None
        return value

    def sub(self, name: str, raw: Any) -> Record | None:
        if not isinstance(raw, dict):
            self.fail(name, "missing: a table" if raw is None else f"must be a table, got {raw!r}")
            return None
        return Record(
            self.reader, self.file, self.record, raw, prefix=f"{self.prefix}{name}.", parent=self
        )

    def text(self, name: str, *, required: bool = True) -> str | None:
        value = self.table.get(name)
        if value is None:
            if required:
                self.fail(name, "missing")
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(name, f"must be non-empty text, got {value!r}")
            return None
        return value.strip()

    def names(self, name: str) -> LocalizedName | None:
        value = self.table.get(name)
        if not isinstance(value, dict):
            self.fail(name, "missing: { en = …, zh = … }")
            return None
        sub = Record(
            self.reader, self.file, self.record, value, prefix=f"{self.prefix}{name}.", parent=self
        )
        sub.allow({"en", "zh"})
        en, zh = sub.text("en"), sub.text("zh")
        if en is None or zh is None:
            return None
        return LocalizedName(en=en, zh=zh)

    def choice(self, name: str, enum: type[_E]) -> _E | None:
        value = self.table.get(name)
        try:
            return enum(value if isinstance(value, str) else "")
        except ValueError:
            self.fail(name, f"unknown {name} {value!r} (expected {choices(enum)})")
            return None

    def currency(self, name: str) -> str | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            return validate_currency(value, field=name)
        except InvalidCode as exc:
            self.fail(name, str(exc))
            return None

    def figure(
        self,
        name: str,
        *,
        minimum: float | None = None,
        exclusive: bool = False,
        integer: bool = False,
    ) -> Figure | None:
        raw = self.table.get(name)
        if raw is None:
            self.fail(name, "missing: { value = …, source = … }")
            return None
        if is_number(raw):
            self.fail(name, f"figure without a source: write {{ value = {raw}, source = … }}")
            return None
        if not isinstance(raw, dict):
            self.fail(name, f"must be {{ value = …, source = … }}, got {raw!r}")
            return None
        value = raw.get("value")
        if not is_number(value):
            self.fail(name, f"value must be a number, got {value!r}")
            return None
        number = float(value)
        if minimum is not None and (number < minimum or (exclusive and number == minimum)):
            word = "greater than" if exclusive else "at least"
            if minimum == 0 and not exclusive:
                self.fail(name, f"must not be negative, got {value}")
            else:
                self.fail(name, f"must be {word} {minimum:g}, got {value}")
            return None
        if integer and not number.is_integer():
            self.fail(name, f"must be a whole number, got {value}")
            return None
        provenance = self.provenance_of(name, raw, extra={"value"})
        if provenance is None:
            return None
        return Figure(value=number, provenance=provenance)

    def provenance_of(
        self, name: str, raw: dict[str, Any], *, extra: set[str], prefix: str | None = None
    ) -> Provenance | None:
        """Where the figure ``raw`` comes from; ``extra`` are its fields besides the provenance."""
        for key in raw:
            if key not in extra | {"source", "estimate", "note"}:
                self.fail(f"{name}.{key}", "unknown field")
                return None
        source, estimate, note = raw.get("source"), raw.get("estimate"), raw.get("note", "")
        if source is not None and estimate is not None:
            self.fail(name, "gives both source and estimate; a figure has one or the other")
            return None
        if source is None and estimate is None:
            self.fail(name, 'figure without a source: add source = "<key>" or estimate = "<how>"')
            return None
        if not isinstance(note, str):
            self.fail(f"{name}.note", f"must be text, got {note!r}")
            return None
        path = (self.prefix if prefix is None else prefix) + name
        if source is not None:
            if not isinstance(source, str) or not source:
                self.fail(name, f"source must be a bibliography key, got {source!r}")
                return None
            self.reader.citations.append(
                Citation(self.file, self.record, self.prefix + name, source)
            )
            provenance = Provenance.cited(source, note)
        else:
            if not isinstance(estimate, str) or len(estimate.strip()) < 10:
                self.fail(name, f"estimate must say how it was made, got {estimate!r}")
                return None
            provenance = Provenance.estimated(estimate.strip(), note)
        self.provenance[path] = provenance
        return provenance


def is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def choices(enum: type[Mode] | type[Product] | type[LocationKind]) -> str:
    return ", ".join(member.value for member in enum)
