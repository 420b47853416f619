"""DCSA Commercial Schedules 1.0.3, the published OpenAPI document, as a validator.

The document is vendored unchanged in ``landsea/data/dcsa_spec/cs/`` (with its licence and source
commit). Its schema objects are OpenAPI 3.0, a subset of JSON Schema draft 4 (``example`` and
``deprecated`` are annotations), so they are checked with :class:`jsonschema.Draft4Validator`
and a format checker for ``date`` and ``date-time`` (a date-time carries its UTC offset).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import yaml
from jsonschema import Draft4Validator, FormatChecker
from jsonschema.exceptions import ValidationError

__all__ = ["CS_VERSION", "SchemaProblem", "cs_problems", "cs_spec", "json_path"]

CS_VERSION = "1.0.3"
"""The version of Commercial Schedules landsea speaks (``API-Version`` of every answer)."""

_SPEC = ("data", "dcsa_spec", "cs", "CS_v1.0.3.yaml")


@dataclass(frozen=True, slots=True, kw_only=True)
class SchemaProblem:
    """Where a document breaks the schema: the root array's item, the JSON path, the value."""

    index: int | None
    path: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = "" if self.index is None else f"[{self.index}] "
        return f"{where}{self.path}: {self.reason} (value {self.value})"


@functools.cache
def cs_spec() -> dict[str, Any]:
    """The vendored CS 1.0.3 OpenAPI document."""
    text = files("landsea").joinpath(*_SPEC).read_text(encoding="utf-8")
    document: dict[str, Any] = yaml.safe_load(text)
    return document


_formats = FormatChecker()


@_formats.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if "T" not in value.upper():
        raise ValueError(f"{value!r} is not a date and time")
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"{value!r} has no UTC offset")
    return True


@_formats.checks("date", raises=ValueError)
def _date(value: object) -> bool:
    if isinstance(value, str):
        dt.date.fromisoformat(value)
        if len(value) != 10:
            raise ValueError(f"{value!r} is not YYYY-MM-DD")
    return True


@functools.cache
def _validator(component: str, array: bool) -> Draft4Validator:
    ref = {"$ref": f"#/components/schemas/{component}"}
    schema: dict[str, Any] = {"type": "array", "items": ref} if array else dict(ref)
    schema["components"] = cs_spec()["components"]
    return Draft4Validator(schema, format_checker=_formats)


def cs_problems(document: Any, component: str, *, array: bool = True) -> list[SchemaProblem]:
    """Every way ``document`` breaks CS schema ``component`` (``PointToPoint``,
    ``PortSchedule``, ``ServiceSchedule``, ``ErrorResponse``), as a root array of them when
    ``array``; in document order."""
    found = _validator(component, array).iter_errors(document)
    return [_problem(error, array) for error in sorted(found, key=_order)]


def _order(error: ValidationError) -> tuple[str, ...]:
    return tuple(f"{part:08d}" if isinstance(part, int) else str(part) for part in error.path)


def _problem(error: ValidationError, array: bool) -> SchemaProblem:
    parts = list(error.absolute_path)
    index = parts[0] if array and parts and isinstance(parts[0], int) else None
    return SchemaProblem(
        index=index,
        path=json_path(parts),
        value=_shown(error.instance),
        reason=_reason(error),
    )


def json_path(parts: Iterable[str | int]) -> str:
    """``$[0].vesselSchedules[1].transportCalls`` from the parts of a path."""
    text = "$"
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:80] + "…"


def _reason(error: ValidationError) -> str:
    if error.validator == "oneOf":
        return "matches none of the transports CS defines (VesselTransport, BargeTransport, OtherTransport)"
    if error.validator == "required" and isinstance(error.validator_value, list):
        return error.message.replace("is a required property", "is required")
    return error.message if len(error.message) <= 300 else error.message[:300] + "…"
