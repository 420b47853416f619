"""The one exception tree of landsea.

Every error carries a stable ``code`` that the command line and the API print, so that scripts can
tell failures apart without parsing sentences. Each class also inherits the builtin exception whose
meaning it shares, so ``except ValueError`` and ``except LookupError`` keep working::

    LandseaError
    ├── InvalidInput (ValueError)            code "invalid_input"
    │   ├── InvalidCode                      code "invalid_code"     — a malformed UN/LOCODE, country, currency
    │   ├── DatasetError                     code "invalid_dataset"  — a network folder with problems
    │   ├── RateUnavailable                  code "rate_unavailable" — no fresh rate for a currency pair
    │   └── RejectedEvents                   code "rejected_events"  — DCSA events the standard refuses
    ├── NotFound (LookupError)               code "not_found"
    │   ├── UnknownLocation                  code "unknown_location" — with the closest matches
    │   └── UnknownService                   code "unknown_service"
    ├── Unauthorized                         code "unauthorized"     — no or a wrong API key (401)
    ├── Forbidden (PermissionError)          code "forbidden"        — the role may not (403)
    ├── Throttled                            code "throttled"        — too many sign-in failures (429)
    │   └── Busy                             code "busy"             — no capacity now (503)
    └── Conflict                             code "conflict"         — the state forbids it (409)
        ├── CapacityExceeded                 code "capacity_exceeded"
        └── InvalidStateTransition           code "invalid_state_transition"

Usage::

    try:
        network.location("Chungking")
    except UnknownLocation as exc:
        print(exc.suggestions)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "Busy",
    "CapacityExceeded",
    "Conflict",
    "DatasetError",
    "DuplicateIdempotencyKey",
    "Forbidden",
    "IdempotencyMismatch",
    "InvalidCode",
    "InvalidInput",
    "InvalidStateTransition",
    "LandseaError",
    "NotFound",
    "Problem",
    "RateUnavailable",
    "RejectedEvents",
    "Throttled",
    "Unauthorized",
    "UnknownLocation",
    "UnknownService",
]


class LandseaError(Exception):
    """Base of every error landsea raises on purpose."""

    code: str = "landsea_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(LandseaError, ValueError):
    """A value given to landsea is not acceptable; the message names the field and the value."""

    code = "invalid_input"


class InvalidCode(InvalidInput):
    """A code (UN/LOCODE, ISO 3166 country, ISO 4217 currency, id) is malformed or unknown."""

    code = "invalid_code"


class RateUnavailable(InvalidInput):
    """No reference rate for a currency pair on or shortly before a date: never a silent 1:1."""

    code = "rate_unavailable"


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One problem found in a dataset: where it is and what is wrong.

    ``record`` names the record inside the file (``location CNQZH``, ``service SR-CQ-QZH``) and
    ``field`` the field inside the record (``stops[2].arrival_h``); either may be empty when the
    problem concerns the whole file.
    """

    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = ": ".join(part for part in (self.file, self.record, self.field) if part)
        return f"{where}: {self.message}"


class DatasetError(InvalidInput):
    """A network dataset has problems; ``problems`` lists every one of them."""

    code = "invalid_dataset"

    def __init__(self, path: str, problems: Sequence[Problem]) -> None:
        self.path = path
        self.problems = tuple(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"dataset {path!r} has {count} {noun}:"]
        lines.extend(f"  {problem}" for problem in self.problems)
        super().__init__("\n".join(lines))


class RejectedEvents(InvalidInput):
    """DCSA events refused, each violation as (JSONPath in the request, value, reason)."""

    code = "rejected_events"

    def __init__(self, message: str, violations: Sequence[tuple[str, object, str]]) -> None:
        self.violations = tuple(violations)
        super().__init__(message)


class NotFound(LandseaError, LookupError):
    """Something asked for by name or id does not exist."""

    code = "not_found"


class UnknownLocation(NotFound):
    """A place given by code, alias or name is not in the network."""

    code = "unknown_location"

    def __init__(self, query: str, suggestions: Sequence[str] = ()) -> None:
        self.query = query
        self.suggestions = tuple(suggestions)
        message = f"unknown place {query!r}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(self.suggestions) + "?"
        super().__init__(message)


class UnknownService(NotFound):
    """A service id is not in the network."""

    code = "unknown_service"

    def __init__(self, service_id: str, suggestions: Sequence[str] = ()) -> None:
        self.service_id = service_id
        self.suggestions = tuple(suggestions)
        message = f"unknown service {service_id!r}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(self.suggestions) + "?"
        super().__init__(message)


class IdempotencyMismatch(InvalidInput):
    """An ``Idempotency-Key`` is reused with a different request body."""

    code = "idempotency_mismatch"


class Unauthorized(LandseaError):
    """The request carries no valid API key."""

    code = "unauthorized"


class Forbidden(LandseaError, PermissionError):
    """The caller's role does not allow this."""

    code = "forbidden"


class Throttled(LandseaError):
    """Too many attempts: try again after ``retry_after`` seconds (nothing was checked)."""

    code = "throttled"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = max(1, retry_after)


class Busy(Throttled):
    """The work asked for cannot start now without slowing everyone (e.g. every password-hash
    slot is taken): try again after ``retry_after`` seconds."""

    code = "busy"


class Conflict(LandseaError):
    """The current state of a resource forbids the change."""

    code = "conflict"


class CapacityExceeded(Conflict):
    """A departure has not room enough; nothing was reserved."""

    code = "capacity_exceeded"


class InvalidStateTransition(Conflict):
    """A booking cannot move from its status to the one asked for."""

    code = "invalid_state_transition"


class DuplicateIdempotencyKey(Conflict):
    """Two requests with one ``Idempotency-Key`` raced; the other stored its booking first."""

    code = "duplicate_idempotency_key"
