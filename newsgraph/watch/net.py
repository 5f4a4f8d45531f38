"""One HTTP GET, made safe: nothing the web sends can make newsgraph reach inside a network, hang,
or fill its memory.

- only http and https, on every redirect too;
- the host's addresses are checked after DNS resolution, when the connection is opened (so on
  every redirect, and a name that resolves again to another address cannot slip past): private,
  loopback, link-local, shared, reserved and multicast addresses are refused unless allowed
  (all of them, or some networks);
- no proxy from the environment; the connection goes to the address that was checked;
- bounded: each read and connect (``timeout``), the whole answer (``deadline``: every read and
  write of the connection ends by it, so a server dripping bytes is cut off), its size as sent
  and once decompressed (``max_bytes``; only gzip and deflate are asked for, and inflated with a
  cap, so a small bomb cannot grow), and the number of redirects;
- 429, 5xx, timeouts and dropped connections are tried again ``retries`` times, waiting
  ``backoff`` seconds doubled each time, or what ``Retry-After`` asks when that is not too long.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from newsgraph.watch.urls import SCHEMES

REDIRECTS = (301, 302, 303, 307, 308)
RETRY_STATUS = (429, 500, 502, 503, 504)
MAX_ADDRESSES = 3  # tried in turn when a host has several (IPv6 and IPv4), each within the timeout
ACCEPT = "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True)
class Limits:
    """How much one request may cost; the command line can change each."""

    timeout: float = 20.0  # seconds for a connection, and between two reads
    deadline: float = 60.0  # seconds for a whole answer
    max_bytes: int = 8 * 1024 * 1024  # a body, as sent and decompressed (a feed reader takes 8 MB)
    max_redirects: int = 5
    retries: int = 2  # tries after the first
    backoff: float = 2.0  # seconds before the first retry, doubled each time
    max_wait: float = 60.0  # a longer Retry-After is not waited for: the URL is tried next round


class FetchError(Exception):
    """A request that gave no usable answer; ``reason`` is one line for the report."""

    def __init__(self, reason: str, *, transient: bool = True, retry: bool | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient  # worth trying again soon (a timeout), or not (refused, too big)
        self.retry = transient if retry is None else retry  # worth trying again at once


class Refused(FetchError):
    """A URL we will not ask for: a scheme, an address, robots.txt."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, transient=False)


class NotPublic(Refused):
    """An address inside a network: refused now, asked again next round (a flag may allow it)."""


@dataclass
class Response:
    """A complete answer: ``raw`` as sent (for the WARC file), ``body`` decoded."""

    url: str
    status: int
    reason: str
    http_version: str
    headers: list[tuple[str, str]]
    raw: bytes
    body: bytes
    hops: list[Response] = field(default_factory=list)  # the redirects that led here, in order

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)


Network = ipaddress.IPv4Network | ipaddress.IPv6Network
EVERYWHERE: tuple[Network, ...] = (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))


def public_addresses(host: str, port: int, allowed: tuple[Network, ...] = ()) -> list[str]:
    """The addresses of ``host`` to connect to; raises NotPublic if any of them is not on the
    public internet and not in ``allowed``, FetchError if the name does not resolve."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise FetchError(f"{host}: host not found ({err}); check the URL") from None
    addresses = [info[4][0] for info in infos]
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        ip = getattr(ip, "ipv4_mapped", None) or ip
        if (not ip.is_global or ip.is_multicast) and not any(ip in net for net in allowed if net.version == ip.version):
            raise NotPublic(
                f"{host} is at {address}, a private, loopback or link-local address; refused "
                "(pass --allow-private, or --allow-network with its range, to fetch from your own network)"
            )
    return list(dict.fromkeys(addresses))


_request = threading.local()  # the deadline of the request this thread is making


def _left(timeout: float | None) -> float | None:
    """``timeout`` cut to what is left of the request's deadline: a server that sends its headers
    or body a byte at a time, each within the timeout, is still stopped at the deadline."""
    deadline = getattr(_request, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the answer's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _BoundedStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the request's deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self.stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, _left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, _left(timeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):  # type: ignore[no-untyped-def]
        return _BoundedStream(self.stream.start_tls(ssl_context, server_hostname, _left(timeout)))

    def get_extra_info(self, info: str):  # type: ignore[no-untyped-def]
        return self.stream.get_extra_info(info)


class _GuardedBackend(httpcore.SyncBackend):
    """Opens each connection to an address checked by :func:`public_addresses`."""

    def __init__(self, allowed: tuple[Network, ...]) -> None:
        self.allowed = allowed

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):  # type: ignore[no-untyped-def]
        failure: httpcore.ConnectError | None = None
        for address in public_addresses(host, port, self.allowed)[:MAX_ADDRESSES]:  # as create_connection does: each in turn
            try:
                return _BoundedStream(super().connect_tcp(address, port, _left(timeout), local_address, socket_options))
            except httpcore.ConnectError as err:
                failure = err
        raise failure or httpcore.ConnectError(f"{host} has no address to connect to")


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool on the guarded backend (httpx pinned at 0.28.1)."""

    def __init__(self, allowed: tuple[Network, ...], connections: int) -> None:
        super().__init__(retries=0)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=connections,
            network_backend=_GuardedBackend(allowed),
        )


def client(limits: Limits, user_agent: str, *, allowed: tuple[Network, ...] = (), connections: int = 8) -> httpx.Client:
    """A client for :func:`get`: no environment proxies, no automatic redirects; addresses
    outside the public internet only in the ``allowed`` networks (``EVERYWHERE``: all)."""
    return httpx.Client(
        transport=_GuardedTransport(allowed, connections),
        timeout=httpx.Timeout(limits.timeout),
        headers={"User-Agent": user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"},
        follow_redirects=False,
        trust_env=False,
    )


Pace = Callable[[str], AbstractContextManager[None]]


def get(http: httpx.Client, url: str, limits: Limits, pace: Pace, headers: dict[str, str] | None = None) -> Response:
    """GET ``url``, following redirects to ``limits.max_redirects``; each request (a redirect, a
    retry) first enters ``pace(url)``, which waits for the host's turn and may refuse it."""
    hops: list[Response] = []
    for _ in range(limits.max_redirects + 1):
        if urlsplit(url).scheme.lower() not in SCHEMES:
            raise Refused(f"redirected to {url[:200]}: only http and https URLs are fetched")
        answer = _with_retries(http, url, limits, pace, headers or {})
        target = answer.header("location")
        if answer.status not in REDIRECTS or not target:
            answer.hops = hops
            return answer
        hops.append(answer)
        url = urljoin(url, target.strip())
        headers = {}  # validators belong to the first URL
    raise FetchError(f"more than {limits.max_redirects} redirects; last to {url[:200]}", transient=False)


def _with_retries(http: httpx.Client, url: str, limits: Limits, pace: Pace, headers: dict[str, str]) -> Response:
    for attempt in range(limits.retries + 1):
        last = attempt == limits.retries
        try:
            with pace(url):
                answer = _exchange(http, url, limits, headers)
        except FetchError as err:
            if last or not err.retry:
                raise
            time.sleep(limits.backoff * 2**attempt)
            continue
        if answer.status not in RETRY_STATUS or last:
            return answer
        wait = retry_after(answer.header("retry-after"))
        wait = limits.backoff * 2**attempt if wait is None else wait
        if wait > limits.max_wait:
            return answer  # the caller records it and tries next round
        time.sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


def retry_after(value: str | None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (a number or an HTTP date), None if unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError):
        return None


def _exchange(http: httpx.Client, url: str, limits: Limits, headers: dict[str, str]) -> Response:
    start = time.monotonic()
    _request.deadline = start + limits.deadline
    try:
        with http.stream("GET", url, headers=headers) as answer:
            length = answer.headers.get("content-length", "")
            if length.isdigit() and int(length) > limits.max_bytes:
                raise FetchError(f"answer of {int(length):,} bytes, over the limit of {limits.max_bytes:,}", transient=False)
            decoder = _Decoder(answer.headers.get("content-encoding", ""), limits.max_bytes)
            raw = bytearray()
            for chunk in _chunks(answer.iter_raw(), start, limits.deadline):
                raw += chunk
                if len(raw) > limits.max_bytes:
                    raise FetchError(f"answer over the limit of {limits.max_bytes:,} bytes; not read further", transient=False)
                decoder.feed(chunk)
            return Response(
                url=url,
                status=answer.status_code,
                reason=answer.reason_phrase,
                http_version=answer.http_version,
                headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in answer.headers.raw],
                raw=bytes(raw),
                body=decoder.finish(),
            )
    except httpx.TimeoutException:
        if time.monotonic() - start >= limits.deadline:
            raise FetchError(f"answer took over {limits.deadline:g} s to arrive; given up") from None
        raise FetchError(f"no answer within {limits.timeout:g} s (timeout)") from None
    except (httpx.NetworkError, httpx.RemoteProtocolError) as err:
        raise FetchError(f"connection failed ({type(err).__name__}: {err or 'no detail'})") from None
    except httpx.HTTPError as err:
        raise FetchError(f"request failed ({type(err).__name__}: {err})", transient=False) from None
    finally:
        _request.deadline = None


def _chunks(chunks: Iterator[bytes], start: float, deadline: float) -> Iterator[bytes]:
    for chunk in chunks:
        if time.monotonic() - start > deadline:
            raise FetchError(f"answer took over {deadline:g} s to arrive; given up")
        yield chunk


class _Decoder:
    """Content-Encoding undone with a cap on what comes out, whatever the compression ratio."""

    def __init__(self, encoding: str, limit: int) -> None:
        kinds = [e.strip().lower() for e in encoding.split(",") if e.strip() and e.strip().lower() != "identity"]
        if len(kinds) > 1 or (kinds and kinds[0] not in ("gzip", "x-gzip", "deflate")):
            raise FetchError(f"content encoding {encoding!r} is not one we asked for (gzip, deflate)", transient=False)
        self.kind = kinds[0] if kinds else ""
        self.limit = limit
        self.out = bytearray()
        self.inflate = zlib.decompressobj(zlib.MAX_WBITS | 32) if self.kind else None  # 32: gzip or zlib header
        self.first = True

    def feed(self, data: bytes) -> None:
        if self.inflate is None:
            self.out += data
        else:
            try:
                self.out += self.inflate.decompress(data, self.limit - len(self.out) + 1)
            except zlib.error:
                if not (self.first and self.kind == "deflate"):
                    raise FetchError(f"{self.kind} body could not be decompressed", transient=False) from None
                self.inflate = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, as some servers send
                self.out += self.inflate.decompress(data, self.limit - len(self.out) + 1)
        self.first = False
        if len(self.out) > self.limit or (self.inflate is not None and self.inflate.unconsumed_tail):
            raise FetchError(f"answer over the limit of {self.limit:,} bytes once decompressed; not read further", transient=False)

    def finish(self) -> bytes:
        return bytes(self.out)
