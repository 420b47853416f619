"""The pages of the web platform, rendered on the server (Jinja2), in Chinese or English.

Signing in (an API key, or a username and password) starts a session: an HttpOnly, SameSite=Lax
cookie (Secure over HTTPS) whose token the database keeps only as a SHA-256. Every form carries
the session's CSRF token (before sign-in, a double-submit token in its own cookie), and the pages'
scripts send it as ``X-CSRF-Token`` when they call the API with the session cookie.
"""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from landsea.api.deps import SESSION_COOKIE, PlatformDep
from landsea.domain import access
from landsea.domain.booking import Principal
from landsea.errors import NotFound, Unauthorized
from landsea.services import accounts
from landsea.services.platform import Platform
from landsea.web.i18n import LANGUAGES, Language, language_of

__all__ = [
    "CSRF_COOKIE",
    "FLASH_COOKIE",
    "HERE",
    "LANG_COOKIE",
    "YEAR",
    "Visitor",
    "VisitorDep",
    "guarded",
    "is_secure",
    "redirect",
    "render",
    "templates",
    "visitor",
]

HERE = Path(__file__).parent.parent
templates = Jinja2Templates(directory=str(HERE / "templates"))

CSRF_COOKIE = "landsea_csrf"
LANG_COOKIE = "lang"
FLASH_COOKIE = "landsea_flash"
YEAR = 365 * 24 * 3600


# Who is asking, in which language ----------------------------------------------------------


class Visitor:
    """The request's language, signed-in organisation (if any) and CSRF token."""

    def __init__(self, request: Request, platform: Platform) -> None:
        self.request = request
        self.platform = platform
        self.lang = Language(
            language_of(
                request.query_params.get("lang"),
                request.cookies.get(LANG_COOKIE),
                request.headers.get("accept-language"),
            )
        )
        found = accounts.session(platform, request.cookies.get(SESSION_COOKIE))
        self.principal: Principal | None = None
        self.username: str | None = None
        if found is not None:
            self.principal, self.csrf = found.principal, found.csrf_token
            self.username = found.username
        else:
            self.csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)

    def needs(self, rule: Callable[[Principal], bool]) -> Principal:
        """The signed-in principal, if ``rule`` (one of :mod:`landsea.domain.access`) lets it in."""
        if self.principal is None:
            raise Unauthorized("sign in first")
        if not rule(self.principal):
            raise _PageForbidden()
        return self.principal

    def check_csrf(self, token: str) -> None:
        if not token or not hmac.compare_digest(token, self.csrf):
            raise _PageForbidden()


class _PageForbidden(Exception):
    pass


def visitor(request: Request, platform: PlatformDep) -> Visitor:
    return Visitor(request, platform)


VisitorDep = Annotated[Visitor, Depends(visitor)]


def _static(path: str) -> str:
    return f"/static/{path}?v={_VERSION}"


_VERSION = "1"


def _switch_url(request: Request, lang: Language) -> str:
    query = dict(request.query_params)
    query["lang"] = lang.other
    return f"{request.url.path}?{urlencode(query)}"


def render(v: Visitor, template: str, page: str, status: int = 200, **context: Any) -> HTMLResponse:
    user = None
    if v.principal is not None:
        user = {
            "role": v.principal.role.value,
            "display": v.username or v.principal.name,
            "organisation": v.principal.name,
            "simulates": access.may_ever(v.principal, access.Action.RUN_SIMULATION),
        }
    flash = None
    raw = v.request.cookies.get(FLASH_COOKIE)
    if raw:
        kind, _, text = raw.partition(":")
        key, _, value = text.partition("|")
        if key.startswith("flash."):
            flash = {"kind": kind, "text": v.lang.t(key, value=value)}
    response = templates.TemplateResponse(
        v.request,
        template,
        {
            "L": v.lang,
            "user": user,
            "csrf": v.csrf,
            "page": page,
            "static": _static,
            "switch_url": _switch_url(v.request, v.lang),
            "flash": flash,
            "json": _json,
            **context,
        },
        status_code=status,
    )
    _remember(v, response)
    if raw:
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response


def _json(value: Any) -> Markup:
    """JSON for a ``<script type="application/json">`` or an attribute: ``<`` escaped, so that
    no text can close the script element."""
    return Markup(
        json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    )


def is_secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _remember(v: Visitor, response: Response) -> None:
    """Keep the language chosen, and the anonymous CSRF token, in cookies."""
    if v.request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE, v.lang.code, max_age=YEAR, samesite="lax", secure=is_secure(v.request)
        )
    if v.principal is None and v.request.cookies.get(CSRF_COOKIE) != v.csrf:
        response.set_cookie(
            CSRF_COOKIE,
            v.csrf,
            httponly=True,
            samesite="strict",
            secure=is_secure(v.request),
            path="/",
        )


def redirect(v: Visitor, url: str, flash: str | None = None) -> RedirectResponse:
    response = RedirectResponse(url, status_code=303)
    if flash:
        response.set_cookie(FLASH_COOKIE, flash, max_age=60, samesite="lax", path="/")
    return response


def guarded(
    handler: Callable[..., Response],
) -> Callable[..., Response]:
    """Turn 'sign in first' into a redirect and 'not for you' into a 403 page."""
    import functools

    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        v: Visitor = kwargs["v"]
        try:
            return handler(*args, **kwargs)
        except Unauthorized:
            return redirect(v, f"/signin?{urlencode({'next': _back_here(v.request)})}")
        except _PageForbidden:
            return render(v, "error.html", "", status=403, message=v.lang.t("error.forbidden"))
        except NotFound:
            return render(v, "error.html", "", status=404, message=v.lang.t("error.not_found"))

    return wrapper


def _back_here(request: Request) -> str:
    """Where sign-in should return: the page asked for with its query (a search, a review);
    for a form sent without a session, the page of this site that sent it, else the home page."""
    if request.method in ("GET", "HEAD"):
        url = request.url
        return f"{url.path}?{url.query}" if url.query else url.path
    sent = urlsplit(request.headers.get("referer", ""))
    if sent.netloc != request.url.netloc or not sent.path.startswith("/"):
        return "/"
    return f"{sent.path}?{sent.query}" if sent.query else sent.path
