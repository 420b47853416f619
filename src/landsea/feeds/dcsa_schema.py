"""DCSA's own schemas, as validators: every event in and out is checked against the standard.

The OpenAPI files DCSA publishes (``dcsa_spec/``, vendored unchanged with their licence and
source commit) are read once; each schema a face needs is compiled once into a fast validator
(fastjsonschema generates Python code for it). A valid document costs one call. Only a document
that fails is looked at again, with jsonschema, to list *every* violation with its JSON path, its
value and the reason — so that a sender fixes all its mistakes in one pass.

TNT 3.0.0's file has no ``enum``: its code lists (:data:`landsea.feeds.dcsa_codes.V3_CODE_LISTS`)
are added to the schema here, so the one validator checks them too.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from typing import TYPE_CHECKING, Any

from landsea.feeds.dcsa_codes import V3_CODE_LISTS

if TYPE_CHECKING:
    import jsonschema

__all__ = ["TntVersion", "Violation", "document_violations", "event_violations", "short"]


class TntVersion(StrEnum):
    """The DCSA Track & Trace versions landsea speaks (the full version, as ``API-Version``)."""

    V2 = "2.2.0"
    V3 = "3.0.0"


_FILES = {TntVersion.V2: "TNT_v2.2.0-resolved.yaml", TntVersion.V3: "TNT_v3.0.0.yaml"}

# RFC 3339 (OpenAPI's date-time): a full date, a time, seconds' fraction optional, an offset.
DATE_TIME = r"^\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-6]\d(\.\d+)?(Z|[+-][0-2]\d:[0-5]\d)$"
UUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
_FORMATS = {"date-time": DATE_TIME, "uuid": UUID}

_V2_EVENTS = {
    "TRANSPORT": "transportEvent",
    "SHIPMENT": "shipmentEvent",
    "EQUIPMENT": "equipmentEvent",
}
V2_EVENT_LIST = "events"
"""The name :func:`document_violations` gives the 2.2 array of events (a GET response and a
notification body), which the 2.2 file writes inline rather than as a component."""


@dataclass(frozen=True, slots=True)
class Violation:
    """Where a document breaks the standard: JSONPath, the value found there, and why."""

    path: str
    value: Any
    reason: str


def short(value: Any) -> Any:
    """A value as a report quotes it: scalars as they are, anything else as ≤ 200 characters."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value if not isinstance(value, str) or len(value) <= 200 else value[:197] + "..."
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 200 else text[:197] + "..."


@functools.cache
def _components(version: TntVersion) -> dict[str, Any]:
    import yaml  # the validators' libraries load with the first check, not at start-up

    text = (resources.files("landsea.feeds") / "dcsa_spec" / _FILES[version]).read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    components: dict[str, Any] = _bare(yaml.load(text, Loader=loader)["components"])
    if version is TntVersion.V3:
        for (schema, prop), codes in V3_CODE_LISTS.items():
            components["schemas"][schema]["properties"][prop]["enum"] = list(codes)
    return components


def _bare(node: Any) -> Any:
    """A schema without its prose and examples (YAML reads an unquoted example date as a
    ``datetime``, which no validator can embed): what is left is what validates."""
    if isinstance(node, list):
        return [_bare(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: _bare(value)
        for key, value in node.items()
        if key not in ("example", "examples", "description") or isinstance(value, dict)
    }


def _root(version: TntVersion, name: str) -> dict[str, Any]:
    if version is TntVersion.V2 and name == V2_EVENT_LIST:
        target: dict[str, Any] = {
            "type": "array",
            "items": {
                "anyOf": [{"$ref": f"#/components/schemas/{n}"} for n in _V2_EVENTS.values()]
            },
        }
    else:
        if name not in _components(version)["schemas"]:
            raise KeyError(f"DCSA TNT {version} has no schema {name!r}")
        target = {"$ref": f"#/components/schemas/{name}"}
    return {**target, "components": _components(version)}


@functools.cache
def _fast(version: TntVersion, name: str) -> Callable[[Any], Any]:
    import fastjsonschema

    validate: Callable[[Any], Any] = fastjsonschema.compile(
        _root(version, name), formats=_FORMATS, use_default=False
    )
    return validate


@functools.cache
def _thorough(version: TntVersion, name: str) -> jsonschema.Draft4Validator:
    import jsonschema

    checker = jsonschema.FormatChecker(formats=())
    for fmt, pattern in _FORMATS.items():
        compiled = re.compile(pattern)
        checker.checks(fmt)(lambda v, c=compiled: not isinstance(v, str) or bool(c.match(v)))
    return jsonschema.Draft4Validator(_root(version, name), format_checker=checker)


def document_violations(version: TntVersion, name: str, document: Any) -> list[Violation]:
    """Every way ``document`` breaks schema ``name`` of the version (``[]``: valid)."""
    validate = _fast(version, name)
    import fastjsonschema

    try:
        validate(document)
    except fastjsonschema.JsonSchemaValueException:
        return _explain(version, name, document)
    return []


def event_violations(version: TntVersion, event: Any) -> list[Violation]:
    """Every way one event breaks its version's schema, paths relative to the event (``$``).

    A 2.2 event is checked against the schema of its ``eventType`` (an event that names none of
    the three is refused for that alone); a 3.0 event against ``Event`` with its code lists."""
    if version is TntVersion.V3:
        return document_violations(version, "Event", event)
    kind = event.get("eventType") if isinstance(event, dict) else None
    if not isinstance(kind, str) or kind not in _V2_EVENTS:
        return [Violation("$.eventType", short(kind), "must be TRANSPORT, SHIPMENT or EQUIPMENT")]
    return document_violations(version, _V2_EVENTS[kind], event)


def _explain(version: TntVersion, name: str, document: Any) -> list[Violation]:
    found: dict[tuple[str, str], Violation] = {}
    for error in _thorough(version, name).iter_errors(document):
        for violation in _violations(error):
            found.setdefault((violation.path, violation.reason), violation)
    if not found:  # the two validators disagree: say so rather than accept
        return [Violation("$", None, f"does not match DCSA TNT {version} {name}")]
    return sorted(found.values(), key=lambda v: v.path)


def _violations(error: jsonschema.ValidationError) -> list[Violation]:
    where = _jsonpath(error.absolute_path)
    rule: Any = error.validator_value
    if error.validator == "required" and isinstance(error.instance, dict):
        return [
            Violation(f"{where}.{field}", None, "is missing (required)")
            for field in rule
            if field not in error.instance
        ]
    if error.validator == "anyOf" and error.context:
        from jsonschema.exceptions import best_match

        best = best_match(error.context)
        return _violations(best) if best is not None else []
    reasons = {
        "enum": lambda: f"is not one of {', '.join(map(str, rule))}",
        "maxLength": lambda: f"is longer than {rule} characters",
        "format": lambda: f"is not a {rule}",
        "type": lambda: f"must be of type {rule}",
    }
    reason = reasons.get(str(error.validator), lambda: error.message)()
    return [Violation(where, short(error.instance), reason)]


def _jsonpath(parts: Any) -> str:
    text = "$"
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text
