"""Security headers on every response: the one place they are decided.

A strict Content-Security-Policy allows scripts, styles, fonts and requests from the platform
itself only, and no inline script or style at all (the pages pass data to their scripts in
``<script type="application/json">`` blocks, which are not executed); no page may be framed
(``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``), so that no other site can overlay a
form such as the customs decision. ``Strict-Transport-Security`` is sent over HTTPS only.

The interactive API documentation (``/docs``) is Swagger UI served from the package under the
same policy.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CONTENT_SECURITY_POLICY", "SecurityHeaders", "security_headers"]

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'; object-src 'none'"
)

_COMMON = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
    ),
    "Cross-Origin-Opener-Policy": "same-origin",
}
_HSTS = "max-age=31536000; includeSubDomains"


_RAW = tuple(
    (name.lower().encode("latin-1"), value.encode("latin-1"))
    for name, value in {"Content-Security-Policy": CONTENT_SECURITY_POLICY, **_COMMON}.items()
)
_RAW_HSTS = (b"strict-transport-security", _HSTS.encode("latin-1"))


def security_headers(*, https: bool) -> list[tuple[bytes, bytes]]:
    """The headers :class:`SecurityHeaders` adds to a response that sets none of them, as ASGI
    raw headers in its order (for a response made outside it: the booking's fast path)."""
    return [*_RAW, _RAW_HSTS] if https else list(_RAW)


class SecurityHeaders:
    """ASGI middleware that adds the security headers to every HTTP response (a header the
    application set itself is kept)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = CONTENT_SECURITY_POLICY
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", policy)
                for name, value in _COMMON.items():
                    headers.setdefault(name, value)
                if https:
                    headers.setdefault("Strict-Transport-Security", _HSTS)
            await send(message)

        await self.app(scope, receive, send_with_headers)
