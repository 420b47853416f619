"""The first reader of every request: a body-size limit, and text the platform can store.

Before any route sees a request, :class:`InputGuard`

- reads its body up to ``max_body_bytes`` and answers 413 beyond it — as the body arrives, so a
  chunked body without ``Content-Length`` is cut off as well as a declared one;
- reads a JSON body the way the routes will, and answers 422 naming the field for what JSON
  (RFC 8259) or the databases cannot carry: ``NaN``/``Infinity`` and numbers that overflow a
  float, integers of more than ``MAX_DIGITS`` digits, nesting deeper than ``MAX_DEPTH``, and NUL
  characters or lone surrogates in any string or key (PostgreSQL refuses NUL in text; a lone
  surrogate cannot be encoded as UTF-8);
- refuses NUL characters in the path and query parameters alike.

Everything else — types, lengths, ranges — is the routes' schemas' business.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from landsea.api.problems import CS_PREFIX, cs_error, excerpt, problem

__all__ = ["MAX_DEPTH", "MAX_DIGITS", "InputGuard"]

MAX_DEPTH = 32
"""The deepest nesting of arrays and objects a JSON body may have."""
MAX_DIGITS = 30
"""The most digits an integer in a JSON body may have (no field takes a larger one)."""

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class _Refused(ValueError):
    def __init__(self, field: str, value: Any, message: str) -> None:
        super().__init__(message)
        self.field, self.value, self.message = field, value, message


class InputGuard:
    """ASGI middleware: see the module's documentation."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: Callable[[], int]) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = _refused_url(scope)
        if refused is not None:
            await _invalid(scope, receive, send, refused)
            return
        limit = self.max_body_bytes()
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _too_large(scope, receive, send, limit)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _too_large(scope, receive, send, limit)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        refused = None
        if body and _is_json(scope):
            try:
                _check_json(body)
            except _Refused as exc:
                refused = exc
        elif body and _content_type(scope) == "application/x-www-form-urlencoded":
            refused = _refused_fields(body.decode("latin-1"))
        if refused is not None:
            await _invalid(scope, receive, send, refused)
            return
        await self.app(scope, _replay(body, receive), send)


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    detail = f"the request body is larger than {limit} bytes, this server's limit"
    if _on_cs_face(scope):
        errors: list[tuple[str | None, Any, str]] = [(None, None, detail)]
        cs = cs_error(Request(scope), 413, detail, errors=errors, headers={"Connection": "close"})
        await cs(scope, receive, send)
        return
    response = problem(
        413,
        "Content too large",
        detail,
        code="content_too_large",
        instance=scope.get("path", ""),
        headers={"Connection": "close"},
        method=scope.get("method", "GET"),
    )
    await response(scope, receive, send)


def _on_cs_face(scope: Scope) -> bool:
    """The DCSA Commercial Schedules face answers in CS's own ``ErrorResponse`` (400 for invalid
    input, as its specification defines no 422)."""
    return str(scope.get("path", "")).startswith(CS_PREFIX)


async def _invalid(scope: Scope, receive: Receive, send: Send, refused: _Refused) -> None:
    if _on_cs_face(scope):
        found = [(excerpt(refused.field), excerpt(refused.value), refused.message)]
        cs = cs_error(
            Request(scope), 400, f"{excerpt(refused.field)}: {refused.message}", errors=found
        )
        await cs(scope, receive, send)
        return
    response = problem(
        422,
        "Invalid input",
        f"{excerpt(refused.field)}: {refused.message}",
        code="invalid_input",
        instance=scope.get("path", ""),
        errors=[
            {
                "field": excerpt(refused.field),
                "value": excerpt(refused.value),
                "message": refused.message,
            }
        ],
        method=scope.get("method", "GET"),
    )
    await response(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: the disconnect, when it comes

    return replay


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


def _content_length(scope: Scope) -> int | None:
    value = _header(scope, b"content-length")
    return int(value) if value is not None and value.strip().isdigit() else None


def _content_type(scope: Scope) -> str:
    return (_header(scope, b"content-type") or "").split(";")[0].strip().lower()


def _is_json(scope: Scope) -> bool:
    kind = _content_type(scope)
    return kind in ("", "application/json") or kind.endswith("+json")


def _refused_url(scope: Scope) -> _Refused | None:
    path = scope.get("path", "")
    if "\x00" in path:
        return _Refused("path", _printable(path), "contains a NUL character")
    return _refused_fields(scope.get("query_string", b"").decode("latin-1"))


def _refused_fields(encoded: str) -> _Refused | None:
    """The first query parameter or form field (URL-encoded) with a NUL character."""
    for name, value in parse_qsl(encoded, keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            return _Refused(_printable(name), _printable(value), "contains a NUL character")
    return None


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused("", text, "is a number too large for a float")
    return value


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _Refused("", text, f"is an integer of more than {MAX_DIGITS} digits")
    return int(text)


def _constant(text: str) -> Any:
    raise _Refused("", text, f"{text} is not a JSON number (RFC 8259)")


def _check_json(body: bytes) -> None:
    """Raise :class:`_Refused` naming the field of the first value the platform cannot take;
    a body that is not JSON at all is left to the route, which says so."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _Refused("body", None, f"is not UTF-8 text (byte {exc.start})") from None
    try:
        document = json.loads(
            text, parse_float=_number, parse_int=_integer, parse_constant=_constant
        )
    except _Refused as exc:
        raise _Refused("body", exc.value, exc.message) from None
    except RecursionError:
        raise _Refused("body", None, f"nests arrays and objects deeper than {MAX_DEPTH}") from None
    except ValueError:
        return
    for field, value in _strings(document):
        if _UNSTORABLE.search(value):
            what = "a NUL character" if "\x00" in value else "a lone surrogate (not Unicode text)"
            raise _Refused(_printable(field) or "body", _printable(value), f"contains {what}")


def _printable(text: str) -> str:
    return _UNSTORABLE.sub("\ufffd", text)


def _strings(document: Any) -> Iterator[tuple[str, str]]:
    """Each string of a decoded JSON document (keys too) with the field it is in; a document
    nested deeper than ``MAX_DEPTH`` is refused."""
    stack: list[tuple[Any, str, int]] = [(document, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, str):
            yield path, value
            continue
        if depth >= MAX_DEPTH and isinstance(value, list | dict):
            raise _Refused(path or "body", None, f"nests deeper than {MAX_DEPTH} levels")
        if isinstance(value, list):
            stack.extend((item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value))
        elif isinstance(value, dict):
            for key, item in value.items():
                field = f"{path}.{key}" if path else key
                yield field, key
                stack.append((item, field, depth + 1))
