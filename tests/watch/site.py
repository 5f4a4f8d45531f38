"""A small news site of our own, served on 127.0.0.1 by a real HTTP server in a thread, that logs
every request it gets. All of its text is fiction written for these tests."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Answer = tuple[int, dict[str, str], bytes]
Route = Callable[[dict[str, str]], Answer]

STORIES = {
    "harbour": (
        "Harbour cranes fall silent as dock strike enters second day",
        "Dock workers in the port of Velmora kept the cranes idle for a second day on Tuesday, "
        "demanding a new contract before the winter shipping season begins.",
        "The port authority said about forty ships were waiting at anchor outside the breakwater "
        "and that talks with the union would resume on Wednesday morning.",
    ),
    "bridge": (
        "Engineers reopen the old river bridge after a month of repairs",
        "Engineers reopened the old stone bridge over the Sarn river on Monday after a month of "
        "repairs to its central arch, which had cracked during the spring floods.",
        "Traffic will be limited to cars and bicycles until the inspectors finish their last "
        "survey of the foundations, the city council said in a statement.",
    ),
    "library": (
        "The city library opens its new reading hall to the public",
        "The city library of Velmora opened its new reading hall on Saturday, three years after "
        "the old hall was closed because its roof was no longer safe.",
        "The librarians said that more than two thousand readers came through the doors on the "
        "first day, and that the hall will stay open late on weekdays.",
    ),
    "seizure": (
        "Chilean navy seizes Peruvian fishing boat off Arica",
        "The Chilean navy seized a Peruvian fishing boat and detained its crew of twelve off the port "
        "of Arica on Monday, saying the vessel had entered Chilean waters without permission.",
        "The boat was towed into the harbour of Arica, where the crew were questioned by naval "
        "officers. The owners of the boat said it had been fishing for anchovies in Peruvian waters.",
    ),
    "reaction": (
        "Peru condemns Chilean seizure of fishing boat off Arica",
        "Peru on Tuesday condemned the seizure of a Peruvian fishing boat by the Chilean navy off "
        "Arica, calling it a violation of international law.",
        "\u201cThe seizure of our fishing boat is an unacceptable act of aggression against Peruvian "
        "fishermen,\u201d Peru\u2019s foreign minister said in a statement on Tuesday.",
        "The crew of twelve are still held in Arica, and the owners of the boat said they had been "
        "fishing for anchovies in Peruvian waters when the Chilean navy stopped them.",
    ),
}


def page(slug: str, canonical: str | None = None) -> bytes:
    title, *paragraphs = STORIES[slug]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (
        f'<!doctype html><html lang="en"><head><title>{title}</title>{link}'
        f'<meta property="og:site_name" content="Velmora Evening News">'
        f'<meta property="article:published_time" content="2026-11-2{len(slug) % 9}T08:00:00+00:00">'
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article>"
        f"<footer>Velmora Evening News</footer></body></html>"
    ).encode()


def feed(base: str, slugs: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{STORIES[s][0]}</title><link>{base}/news/{s}</link>"
        f"<description>A short teaser.</description><pubDate>Tue, 24 Nov 2026 08:00:00 +0000</pubDate></item>"
        for s in slugs
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Velmora Evening News</title>'
        f"<link>{base}/</link><description>News from Velmora.</description>{items}</channel></rss>"
    ).encode()


def fixed(status: int, body: bytes = b"", headers: dict[str, str] | None = None, *, etag: bool = False) -> Route:
    """A route that always gives the same answer; with ``etag``, a 304 to a matching If-None-Match."""
    tag = f'"{hashlib.sha256(body).hexdigest()[:12]}"'
    modified = formatdate(1764576000, usegmt=True)

    def answer(asked: dict[str, str]) -> Answer:
        extra = {"ETag": tag, "Last-Modified": modified} if etag else {}
        if etag and asked.get("if-none-match") == tag:
            return 304, extra, b""
        return status, {"Content-Type": "text/html; charset=utf-8", **extra, **(headers or {})}, body

    return answer


@dataclass
class Site:
    """Routes by path; ``log`` holds (path, request headers) of every request, in order."""

    routes: dict[str, Route] = field(default_factory=dict)
    log: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    base: str = ""

    def asked(self, path: str) -> list[dict[str, str]]:
        with self.lock:
            return [headers for p, headers in self.log if p == path]

    def paths(self) -> list[str]:
        with self.lock:
            return [p for p, _ in self.log]


def serve(site: Site) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (the http.server name)
            asked = {k.lower(): v for k, v in self.headers.items()}
            with site.lock:
                site.log.append((self.path, asked))
            route = site.routes.get(self.path)
            status, headers, body = route(asked) if route else (404, {"Content-Type": "text/plain"}, b"not here")
            delay = float(headers.pop("X-Test-Delay", "0"))
            if delay:
                time.sleep(delay)
            drip = int(headers.pop("X-Test-Drip", "0"))
            if drip:  # headers a line at a time, each well within a read timeout
                self.close_connection = True
                try:
                    self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                    for n in range(drip):
                        self.wfile.write(b"X-Pad-%d: x\r\n" % n)
                        self.wfile.flush()
                        time.sleep(0.1)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up, as it should
                    pass
                return
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return server
