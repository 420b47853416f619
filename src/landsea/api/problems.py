"""Errors as RFC 9457 problem details — the one place where exceptions become HTTP answers."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
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

__all__ = ["install_problem_handlers", "problem"]

MEDIA_TYPE = "application/problem+json"

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
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"urn:landsea:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
        "code": code,
    }
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    text = ""
    for part in parts:
        text += f"[{part}]" if part.isdigit() else (f".{part}" if text else part)
    return text or ".".join(str(p) for p in loc)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(LandseaError)
    async def landsea_error(request: Request, exc: LandseaError) -> JSONResponse:
        for kind, status, title in _STATUS:
            if isinstance(exc, kind):
                headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
                if isinstance(exc, Throttled):
                    headers = {"Retry-After": str(exc.retry_after)}
                return problem(
                    status,
                    title,
                    exc.message,
                    code=exc.code,
                    instance=request.url.path,
                    headers=headers,
                )
        return problem(500, "Internal error", exc.message, code=exc.code, instance=request.url.path)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {
                "field": _field(tuple(e.get("loc", ()))),
                "value": _jsonable(e.get("input")),
                "message": e.get("msg", ""),
            }
            for e in exc.errors()
        ]
        detail = (
            "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "the request is not valid"
        )
        return problem(
            422,
            "Invalid input",
            detail,
            code="invalid_input",
            instance=request.url.path,
            errors=errors,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return problem(
            exc.status_code, str(exc.detail), str(exc.detail), code=code, instance=request.url.path
        )


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)
