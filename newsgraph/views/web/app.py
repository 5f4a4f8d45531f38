"""The web app: JSON API under /api, server-rendered pages everywhere else, one error handler for both.

Nothing is fetched at run time: templates, CSS and JS come from this package, and the API
reference at /docs is rendered here from the OpenAPI schema instead of loading Swagger UI from a
CDN. Article text is untrusted, so templates autoescape and a strict Content-Security-Policy
forbids inline script as a second line of defence.
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import logging
import os
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import anyio.to_thread
import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsgraph.errors import BadQuery, NewsgraphError
from newsgraph.store import Store
from newsgraph.views.web.cache import ResponseCache

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TOKEN_ENV = "NEWSGRAPH_TOKEN"
HOSTS_ENV = "NEWSGRAPH_ALLOWED_HOSTS"
TOKEN_COOKIE = "newsgraph_token"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
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
    if token is not None and not token.strip():
        raise BadQuery(f"the token is empty or only spaces; pass --token SECRET (or set {TOKEN_ENV}) with a real secret, or no token at all on loopback")
    if not is_loopback(host) and not token:
        raise BadQuery(
            f"--host {host} is reachable from other machines; pass --token SECRET or set {TOKEN_ENV} "
            "(every page and endpoint will then ask for it)"
        )


def host_name(header: str) -> str:
    """The name in a Host header, without its port: 'localhost:8000' → 'localhost', '[::1]:80' → '::1'."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def is_loopback_name(name: str) -> bool:
    """Names a DNS-rebinding page cannot use: localhost, *.localhost and loopback addresses."""
    return name == "localhost" or name.endswith(".localhost") or is_loopback(name)


def parse_hosts(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """'a.example, b.example' (or a list) → ('a.example', 'b.example'), lower-case, without ports."""
    items = value.split(",") if isinstance(value, str) else (value or ())
    return tuple(dict.fromkeys(host_name(h) for h in items if h.strip()))


def create_app(
    db_url: str | None = None, token: str | None = None, allowed_hosts: Iterable[str] | None = None, any_host: bool = False
) -> FastAPI:
    """The whole web app over one store; with ``token`` every request must carry it.

    The Host header must be a loopback name or one of ``allowed_hosts``, so that a page on
    another site cannot reach this server by pointing its own name at 127.0.0.1 (DNS
    rebinding). ``any_host`` drops that check: for a server on a public address without an
    allow-list, where the token is what guards it.
    """
    if token is not None and not token.strip():
        raise BadQuery("the token is empty or only spaces; give a real secret")
    from newsgraph.views.web import api, atom, browse, event, pages

    @contextlib.asynccontextmanager
    async def warm_up(app: FastAPI) -> AsyncIterator[None]:
        """The actors roll-up reads every mention (seconds on a large database): start it now, not on a request.

        Endpoints run in at most as many threads as the database pool keeps connections, so
        each thread reuses one instead of opening (and setting up) a new one per request.
        """
        pool = app.state.store.engine.pool
        if hasattr(pool, "size"):
            anyio.to_thread.current_default_thread_limiter().total_tokens = max(pool.size(), 2)
        cache = api.get_cache(app.state.store)
        cache.warm(api.ALL_ACTORS, app.state.store.actor_counts)
        yield

    app = FastAPI(
        lifespan=warm_up,
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
    app.state.token = token.strip() if token else None
    app.state.allowed_hosts = frozenset(parse_hosts(allowed_hosts))
    app.state.any_host = any_host
    app.mount("/static", StaticFiles(packages=[("newsgraph.views.web", "static")]), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(event.router)
    app.include_router(browse.router)
    app.include_router(atom.router)
    for kind in (NewsgraphError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, handle_error)
    app.add_middleware(ResponseCache, store=app.state.store)
    app.add_middleware(Guard)
    return app


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("newsgraph.views.web", "templates"),
        autoescape=True,
        auto_reload=False,  # templates come from the package: no stat() of each file on every page
        trim_blocks=True,
        lstrip_blocks=True,
    )
    from newsgraph.views.web import pages

    env.globals.update(pages.template_globals())
    env.filters.update(pages.template_filters())
    return Jinja2Templates(env=env)


def wants_json(request: Request) -> bool:
    """The API, and any URL that names JSON (/openapi.json, /reactions.json), gets its errors as JSON."""
    return request.url.path.startswith("/api") or request.url.path.endswith(".json")


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
            message = f"nothing at {request.url.path}; " + ("the endpoints are listed at /docs" if wants_json(request) else "the address may be mistyped, or the page may have moved")
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


def app_from_env() -> FastAPI:
    """The app as `newsgraph serve --workers N` starts it in each worker process (settings from
    the environment that `serve` set)."""
    return create_app(
        os.environ.get("NEWSGRAPH_DB"),
        os.environ.get(TOKEN_ENV) or None,
        parse_hosts(os.environ.get(HOSTS_ENV)),
        any_host=os.environ.get("NEWSGRAPH_ANY_HOST") == "1",
    )


class Guard:
    """Host and token checks, security headers on every response, and no exception past here.

    Plain ASGI (Starlette's BaseHTTPMiddleware costs a task group per request). An exception
    that reached Starlette's outermost handler would close the keep-alive connection after its
    500; answered here, the connection stays open for the next request.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        request = Request(scope, receive)
        try:
            refusal = _refusal(request)
            if refusal is not None:
                await refusal(scope, receive, send_with_headers)
            elif request.app.state.token and "token" in request.query_params and not wants_json(request) and request.method == "GET":
                await _drop_token_from_url(request)(scope, receive, send_with_headers)
            else:
                await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            if started:  # half an answer is out: nothing better to do than to close
                raise
            await (await handle_error(request, exc))(scope, receive, send_with_headers)


def _refusal(request: Request) -> Response | None:
    """The answer for a foreign Host header or a missing token; None when the request may pass."""
    state = request.app.state
    name = host_name(request.headers.get("host", ""))
    if not (state.any_host or is_loopback_name(name) or name in state.allowed_hosts):
        return error_response(
            request,
            400,
            f"this server does not answer to the host name {name[:100]!r}; open it as http://127.0.0.1 or http://localhost, "
            f"or start it with --allowed-hosts {name[:100] or 'NAME'} (or {HOSTS_ENV})",
        )
    token: str | None = state.token
    if token:
        given = _given_token(request)
        if given is None or not hmac.compare_digest(given.encode(), token.encode()):
            return error_response(
                request,
                401,
                "this server needs its token: send 'Authorization: Bearer TOKEN', or open any page once with ?token=TOKEN",
                headers={"WWW-Authenticate": "Bearer"},
            )
    return None


def _given_token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE)


def _drop_token_from_url(request: Request) -> Response:
    """After ?token= has set the cookie, go on without it so the token stays out of history."""
    rest: list[tuple[str, Any]] = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
    target = local_path(request.url.path) + (f"?{urlencode(rest)}" if rest else "")
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(TOKEN_COOKIE, request.app.state.token, httponly=True, samesite="strict")
    return response


def local_path(path: str) -> str:
    """A path that stays on this server: '//evil.example/x' or '/\\evil.example' would send a
    browser to another site, so leading slashes and backslashes become one slash."""
    return "/" + path.lstrip("/\\")
