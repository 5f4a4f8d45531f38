"""The web app: JSON API under /api, server-rendered pages everywhere else, one error handler for both.

Nothing is fetched at run time: templates, CSS and JS come from this package, and the API
reference at /docs is rendered here from the OpenAPI schema instead of loading Swagger UI from a
CDN. Article text is untrusted, so templates autoescape and a strict Content-Security-Policy
forbids inline script as a second line of defence.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsgraph.errors import BadQuery, NewsgraphError
from newsgraph.store import Store

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TOKEN_ENV = "NEWSGRAPH_TOKEN"
TOKEN_COOKIE = "newsgraph_token"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
NO_TELEMETRY = {"tracing": False, "metrics": False, "logs": False, "operation_spans": False, "auto_configure": False}


def is_loopback(host: str) -> bool:
    """Only this machine can reach a loopback address; anything else needs a token."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve beyond this machine without a token: article data may be private."""
    if not is_loopback(host) and not token:
        raise BadQuery(
            f"--host {host} is reachable from other machines; pass --token SECRET or set {TOKEN_ENV} "
            "(every page and endpoint will then ask for it)"
        )


def create_app(db_url: str | None = None, token: str | None = None) -> FastAPI:
    """The whole web app over one store; with ``token`` every request must carry it."""
    from newsgraph.views.web import api, pages

    app = FastAPI(
        title="newsgraph",
        summary="Source-linked news events: articles, actors, quotes, events, stances and stories.",
        description="Every record carries its evidence: article id, character start and end, and the verbatim text.",
        version="0.1.0",
        docs_url=None,  # Swagger UI would load from a CDN; /docs is rendered by pages.py instead
        redoc_url=None,
        telemetry=NO_TELEMETRY,
    )
    app.state.store = Store(db_url)
    app.state.templates = _templates()
    app.state.token = token or None
    app.mount("/static", StaticFiles(packages=[("newsgraph.views.web", "static")]), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    for kind in (NewsgraphError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, handle_error)
    app.middleware("http")(_guard)
    return app


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("newsgraph.views.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    from newsgraph.views.web import pages

    env.globals.update(pages.template_globals())
    env.filters.update(pages.template_filters())
    return Jinja2Templates(env=env)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path == "/openapi.json"


async def handle_error(request: Request, exc: Exception) -> Response:
    """The one error handler: a clear message, as JSON for the API and as a page for people."""
    if isinstance(exc, NewsgraphError):
        status, message = exc.status, exc.message
    elif isinstance(exc, RequestValidationError):
        status, message = 422, validation_message(exc)
    elif isinstance(exc, StarletteHTTPException):
        status = exc.status_code
        message = str(exc.detail)
        if status == 404:
            message = f"nothing at {request.url.path}; " + ("the endpoints are listed at /docs" if wants_json(request) else "start from the story list at /")
    else:
        log.exception("internal error on %s", request.url.path)
        status, message = 500, f"internal error ({type(exc).__name__}); the server log has the details"
    return error_response(request, status, message)


def error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if wants_json(request):
        response: Response = JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)
    else:
        templates: Jinja2Templates = request.app.state.templates
        response = templates.TemplateResponse(request, "error.html", {"status": status, "message": message}, status_code=status, headers=headers)
    response.headers.update(SECURITY_HEADERS)
    return response


def validation_message(exc: RequestValidationError) -> str:
    """'limit: Input should be less than or equal to 500 (got 1000)', one clause per bad parameter."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body"))
        got = error.get("input")
        shown = f" (got {got!r})" if isinstance(got, (str, int, float)) else ""
        parts.append(f"{where or 'request'}: {error.get('msg', 'invalid')}{shown}")
    return "; ".join(parts) or "invalid request"


async def _guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Token check (when one is set) and security headers on every response."""
    token: str | None = request.app.state.token
    if token:
        given = _given_token(request)
        if given is None or not hmac.compare_digest(given.encode(), token.encode()):
            return error_response(
                request,
                401,
                "this server needs its token: send 'Authorization: Bearer TOKEN', or open any page once with ?token=TOKEN",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if "token" in request.query_params:
            response = _drop_token_from_url(request) if not wants_json(request) and request.method == "GET" else await call_next(request)
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
            response.headers.update(SECURITY_HEADERS)
            return response
    response = await call_next(request)
    response.headers.update(SECURITY_HEADERS)
    return response


def _given_token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE)


def _drop_token_from_url(request: Request) -> Response:
    """After ?token= has set the cookie, go on without it so the token stays out of history."""
    rest: list[tuple[str, Any]] = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
    target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
    return RedirectResponse(target, status_code=303)
