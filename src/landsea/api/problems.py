"""Errors as RFC 9457 problem details — the one place where exceptions become HTTP answers.

A problem echoes at most an excerpt of what it was sent (``EXCERPT`` characters, and never a
non-finite number, which JSON cannot carry), lists at most ``MAX_ERRORS`` field errors, and is
documented in the OpenAPI document for every route as ``application/problem+json``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import uuid
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from landsea.errors import (
    Busy,
    Conflict,
    Forbidden,
    InvalidInput,
    LandseaError,
    NotFound,
    Throttled,
    Unauthorized,
)

__all__ = [
    "COMMON_PROBLEMS",
    "CS_PREFIX",
    "CS_VERSION",
    "EXCERPT",
    "MAX_ERRORS",
    "CsDetailedError",
    "CsErrorResponse",
    "FieldError",
    "ProblemDetails",
    "excerpt",
    "install_problem_handlers",
    "landsea_problem",
    "problem",
    "problems",
]

MEDIA_TYPE = "application/problem+json"
EXCERPT = 80
"""The most characters of a value sent that a problem echoes."""
MAX_ERRORS = 20
"""The most field errors one problem lists (the detail says how many more there were)."""


class FieldError(BaseModel):
    field: str = Field(description="The field, as ``legs[0].from`` (or query/path parameter).")
    value: Any = Field(default=None, description="An excerpt of the value sent.")
    message: str


class ProblemDetails(BaseModel):
    """An RFC 9457 problem."""

    type: str = Field(description="``urn:landsea:problem:<code>``.")
    title: str
    status: int
    detail: str
    instance: str = Field(description="The path of the request.")
    code: str = Field(description="A stable code, the same as the command line prints.")
    errors: list[FieldError] | None = Field(default=None, description="Each invalid field.")


class CsDetailedError(BaseModel):
    """DCSA Commercial Schedules 1.0.3 ``DetailedError``."""

    property: str | None = None
    value: str | None = None
    errorCodeText: str
    errorCodeMessage: str


class CsErrorResponse(BaseModel):
    """DCSA Commercial Schedules 1.0.3 ``ErrorResponse``: the errors of ``/dcsa/cs/v1``."""

    httpMethod: str
    requestUri: str
    statusCode: int
    statusCodeText: str
    statusCodeMessage: str | None = None
    providerCorrelationReference: str
    errorDateTime: str
    errors: list[CsDetailedError]


CS_PREFIX = "/dcsa/cs/"
"""Paths of the DCSA Commercial Schedules face, whose errors are CS ``ErrorResponse`` bodies."""
CS_VERSION = "1.0.3"
_CS_STATUS = {422: 400}
"""CS answers invalid input with 400 Bad Request (it defines no 422)."""
_CS_PROBLEMS = (400, 401, 413)

_DESCRIPTIONS = {
    400: "The query is not valid (DCSA ``ErrorResponse``; ``errors`` names each parameter).",
    401: "No API key or session, or one that is not valid.",
    403: "The caller's role may not do this (or the session's CSRF token is missing).",
    404: "Something named in the path, query or body does not exist.",
    409: "The state forbids it (capacity, a state transition, an idempotency key).",
    413: "The request body is larger than the server's limit (``LANDSEA_MAX_BODY_BYTES``).",
    422: "The input is not valid; ``errors`` names each field with an excerpt of its value.",
}
COMMON_PROBLEMS = (401, 403, 404, 413, 422)
"""The problems any route may answer: every route reads a caller, a body or a parameter."""


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` of a route or router: the problems it answers besides the common ones."""
    return {status: {"description": _DESCRIPTIONS[status]} for status in statuses}


_STATUS: list[tuple[type[LandseaError], int, str]] = [
    (Unauthorized, 401, "Unauthorized"),
    (Forbidden, 403, "Forbidden"),
    (NotFound, 404, "Not found"),
    (Conflict, 409, "Conflict"),
    (InvalidInput, 422, "Invalid input"),
    (Busy, 503, "Busy"),
    (Throttled, 429, "Too many requests"),
]


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    code: str,
    instance: str,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    method: str = "GET",
) -> JSONResponse:
    for prefix, version in DCSA_FACES.items():
        if instance.startswith(prefix):  # a DCSA face answers in its standard's error shape
            shaped = _dcsa_error(version, status, title, detail, errors, instance, method)
            all_headers = {**(headers or {}), "API-Version": version}
            return JSONResponse(shaped, status_code=status, headers=all_headers)
    body: dict[str, Any] = {
        "type": f"urn:landsea:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail if len(detail) <= 2000 else detail[:2000] + "…",
        "instance": instance,
        "code": code,
    }
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def cs_error(
    request: Request,
    status: int,
    message: str,
    *,
    errors: list[tuple[str | None, Any, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """A DCSA CS ``ErrorResponse`` (with ``API-Version``): ``errors`` as (parameter, value,
    message); without them, the parameter is the message's first word when the query has it."""
    status = _CS_STATUS.get(status, status)
    if errors is None:
        name = message.split(" ", 1)[0].rstrip(":")
        given = request.query_params.get(name)
        errors = [(name, given, message)] if given is not None else [(None, None, message)]
    text = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found"}
    status_text = text.get(status, "Error" if status < 500 else "Internal Server Error")
    body = CsErrorResponse(
        httpMethod=request.method if request.method in _METHODS else "GET",
        requestUri=request.url.path,
        statusCode=status,
        statusCodeText=status_text,
        statusCodeMessage=excerpt(message, 199),
        providerCorrelationReference=str(uuid.uuid4()),
        errorDateTime=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        errors=[
            CsDetailedError(
                property=None if name is None else excerpt(name, 99),
                value=None if value is None else excerpt(str(value), 499),
                errorCodeText="invalidQuery" if status == 400 else status_text,
                errorCodeMessage=excerpt(text_, 4999),
            )
            for name, value, text_ in errors[:MAX_ERRORS]
        ],
    )
    answer = dict(headers or {})
    answer["API-Version"] = CS_VERSION
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, headers=answer)


DCSA_FACES = {"/dcsa/tnt/v2/": "2.2.0", "/dcsa/tnt/v3/": "3.0.0"}
"""The DCSA Track & Trace faces: their errors take the shape their version defines."""


def _dcsa_error(
    version: str,
    status: int,
    title: str,
    detail: str,
    errors: list[dict[str, Any]] | None,
    instance: str,
    method: str,
) -> dict[str, Any]:
    """DCSA TNT 2.2's error object, or 3.0's ``{feedbackElements}``; each field error one item."""
    items = errors or [{"field": "", "message": detail}]
    messages = [
        (str(e.get("field", "")), f"{e['field']}: {e['message']}" if e.get("field") else
         str(e["message"]), e.get("value"))
        for e in items
    ]  # fmt: skip
    if version.startswith("3."):
        return {"feedbackElements": [
            {"severity": "ERROR", "message": f"{text} (value: {excerpt(value)!r})"[:5000],
             **({"propertyPath": path[:1000]} if path else {})}
            for path, text, value in messages
        ]}  # fmt: skip
    return {
        "httpMethod": method,
        "requestUri": instance,
        "errors": [{"reason": title, "message": text} for _, text, _ in messages],
        "statusCode": status,
        "statusCodeText": title,
        "errorDateTime": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
    }


_DCSA_ERROR_SCHEMAS: dict[str, Any] = {
    "DcsaTnt220Error": {
        "type": "object",
        "description": "DCSA TNT 2.2.0's error object.",
        "required": ["httpMethod", "requestUri", "errors", "statusCode", "statusCodeText",
                     "errorDateTime"],
        "properties": {
            "httpMethod": {"type": "string"}, "requestUri": {"type": "string"},
            "errors": {"type": "array", "items": {
                "type": "object", "required": ["reason", "message"],
                "properties": {"reason": {"type": "string"}, "message": {"type": "string"}}}},
            "statusCode": {"type": "integer"}, "statusCodeText": {"type": "string"},
            "errorDateTime": {"type": "string"},
        },
    },
    "DcsaTnt300Error": {
        "type": "object",
        "description": "DCSA TNT 3.0.0's error: feedbackElements.",
        "properties": {"feedbackElements": {"type": "array", "items": {
            "type": "object",
            "properties": {"severity": {"type": "string"}, "message": {"type": "string"},
                           "propertyPath": {"type": "string"}}}}},
    },
}  # fmt: skip


def _dcsa_content(version: str) -> dict[str, Any]:
    name = "DcsaTnt300Error" if version.startswith("3.") else "DcsaTnt220Error"
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    text = ""
    for part in parts:
        text += f"[{part}]" if part.isdigit() else (f".{part}" if text else part)
    text = text or ".".join(str(p) for p in loc)
    return text if len(text) <= EXCERPT else text[:EXCERPT] + "…"


def landsea_problem(request: Request, exc: LandseaError) -> JSONResponse:
    """The answer to one of landsea's own errors: its status, a problem (or, on the DCSA faces,
    their own error shape) naming the fields."""
    for kind, status, title in _STATUS:
        if isinstance(exc, kind):
            headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
            if isinstance(exc, Throttled):
                headers = {"Retry-After": str(exc.retry_after)}
            if request.url.path.startswith(CS_PREFIX):
                return cs_error(request, status, exc.message, headers=headers)
            violations = getattr(exc, "violations", ())
            return problem(
                status,
                title,
                exc.message,
                code=exc.code,
                instance=request.url.path,
                errors=[
                    {"field": path, "value": excerpt(value), "message": reason}
                    for path, value, reason in violations[:MAX_ERRORS]
                ],
                headers=headers,
                method=request.method,
            )
    return problem(500, "Internal error", exc.message, code=exc.code, instance=request.url.path)


def install_problem_handlers(app: FastAPI) -> None:
    _document_problems(app)

    @app.exception_handler(LandseaError)
    async def landsea_error(request: Request, exc: LandseaError) -> JSONResponse:
        return landsea_problem(request, exc)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        found = exc.errors()
        if request.url.path.startswith(CS_PREFIX):
            return cs_error(
                request,
                400,
                "the query is not valid",
                errors=[
                    (_field(tuple(e.get("loc", ()))), e.get("input"), str(e.get("msg", "")))
                    for e in found
                ],
            )
        errors = [
            {
                "field": _field(tuple(e.get("loc", ()))),
                "value": excerpt(e.get("input")),
                "message": excerpt(str(e.get("msg", "")), 300),
            }
            for e in found[:MAX_ERRORS]
        ]
        detail = (
            "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "the request is not valid"
        )
        if len(found) > MAX_ERRORS:
            detail += f"; and {len(found) - MAX_ERRORS} more"
        return problem(
            422,
            "Invalid input",
            detail,
            code="invalid_input",
            instance=request.url.path,
            errors=errors,
            method=request.method,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = _allowed(request, headers.get("Allow", ""))
        if request.url.path.startswith(CS_PREFIX):
            return cs_error(request, exc.status_code, str(exc.detail), headers=headers or None)
        return problem(
            exc.status_code,
            str(exc.detail),
            str(exc.detail),
            code=code,
            instance=request.url.path,
            headers=headers or None,
            method=request.method,
        )


def _allowed(request: Request, named: str) -> str:
    """Every method some route takes at this path: the router names only the first route's,
    and the API has one route per method, so the documented paths are searched as well."""
    methods = {m.strip().upper() for m in named.split(",") if m.strip()}
    document: dict[str, Any] = request.app.openapi()
    for template, operations in document.get("paths", {}).items():
        if re.fullmatch(re.sub(r"\\{[^}]*\\}", "[^/]+", re.escape(template)), request.url.path):
            methods |= {m.upper() for m in operations if m.upper() in _METHODS}
    return ", ".join(sorted(methods))


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def excerpt(value: Any, limit: int = EXCERPT) -> Any:
    """``value`` when it is a short scalar; otherwise at most ``limit`` characters of its JSON
    (or text) ending in ``…``. Non-finite numbers become text, since JSON cannot carry them."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, int):
        return value if abs(value) < 10**limit else f"(an integer of more than {limit} digits)"
    if isinstance(value, bytes):
        value = value[: limit + 1].decode("utf-8", "replace")
    elif isinstance(value, list | tuple | dict):
        value = _bounded_json(value, limit)
    elif not isinstance(value, str):
        value = str(value)
    return value if len(value) <= limit else value[:limit] + "…"


def _bounded_json(value: Any, limit: int) -> str:
    """The start of ``value``'s JSON, without encoding more of a large value than is shown."""
    parts: list[str] = []
    size = 0

    def emit(text: str) -> bool:
        nonlocal size
        parts.append(text)
        size += len(text)
        return size <= limit

    def walk(item: Any) -> bool:
        if isinstance(item, dict):
            if not emit("{"):
                return False
            for i, (key, inner) in enumerate(item.items()):
                if not emit((", " if i else "") + json.dumps(str(key)[: limit + 1]) + ": "):
                    return False
                if not walk(inner):
                    return False
            return emit("}")
        if isinstance(item, list | tuple):
            if not emit("["):
                return False
            for i, inner in enumerate(item):
                if (i and not emit(", ")) or not walk(inner):
                    return False
            return emit("]")
        if isinstance(item, str):
            return emit(json.dumps(item[: limit + 1], ensure_ascii=False))
        shown = excerpt(item, limit) if isinstance(item, int | float | None) else str(item)
        return emit(json.dumps(shown))

    walk(value)
    return "".join(parts)


def _document_problems(app: FastAPI) -> None:
    """Every route's error answers in the OpenAPI document as ``application/problem+json`` with
    the ``ProblemDetails`` schema: the common ones and those its ``responses=`` names."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = build()
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        for model in (FieldError, ProblemDetails, CsDetailedError, CsErrorResponse):
            schemas[model.__name__] = model.model_json_schema(
                ref_template="#/components/schemas/{model}"
            )
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        problem_content = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}
        cs_content = {
            "application/json": {"schema": {"$ref": "#/components/schemas/CsErrorResponse"}}
        }
        schemas.update(_DCSA_ERROR_SCHEMAS)
        for path, operations in document.get("paths", {}).items():
            dcsa_cs = path.startswith(CS_PREFIX)
            face = next((v for p, v in DCSA_FACES.items() if path.startswith(p)), None)
            content = cs_content if dcsa_cs else problem_content
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status in _CS_PROBLEMS if dcsa_cs else COMMON_PROBLEMS:
                    responses.setdefault(str(status), {"description": _DESCRIPTIONS[status]})
                for status, answer in responses.items():
                    if status[0] in "45":
                        answer["content"] = content if face is None else _dcsa_content(face)
                        answer["description"] = _DESCRIPTIONS.get(
                            int(status), answer.get("description", "A problem.")
                        )
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]
