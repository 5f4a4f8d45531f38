"""One safe GET against a real local server: addresses, redirects, sizes, time, retries."""

from __future__ import annotations

import gzip
import ipaddress
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from newsgraph.watch import net
from newsgraph.watch.net import FetchError, Limits, NotPublic, Refused
from tests.watch.site import Answer, Site, fixed, page

LOCAL = (ipaddress.ip_network("127.0.0.1/32"),)
FAST = Limits(timeout=0.3, deadline=2.0, max_bytes=100_000, retries=2, backoff=0.01)


@contextmanager
def anytime(url: str) -> Iterator[None]:
    yield


def get(site: Site, path: str, limits: Limits = FAST, allowed: tuple = LOCAL) -> net.Response:
    with net.client(limits, "newsgraph-test", allowed=allowed) as http:
        return net.get(http, site.base + path, limits, anytime)


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "::ffff:10.0.0.1", "224.0.0.1"])
def test_addresses_inside_a_network_are_refused(address: str) -> None:
    with pytest.raises(NotPublic, match="private, loopback or link-local address; refused"):
        net.public_addresses(address, 80)


def test_public_addresses_and_allowed_networks_pass() -> None:
    assert net.public_addresses("93.184.216.34", 80) == ["93.184.216.34"]
    assert net.public_addresses("127.0.0.1", 80, LOCAL) == ["127.0.0.1"]
    assert net.public_addresses("10.1.2.3", 80, net.EVERYWHERE) == ["10.1.2.3"]
    with pytest.raises(NotPublic):
        net.public_addresses("10.1.2.3", 80, LOCAL)


def test_the_local_server_is_refused_without_the_flag_before_any_request(site: Site) -> None:
    site.routes["/a"] = fixed(200, page("harbour"))
    with pytest.raises(NotPublic, match="127.0.0.1 is at 127.0.0.1"):
        get(site, "/a", allowed=())
    with pytest.raises(NotPublic):  # a name is checked once it resolves
        net.public_addresses("localhost", 80)
    assert site.paths() == []


@pytest.mark.parametrize("target", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/admin", "http://[::1]:9/x"])
def test_a_redirect_to_a_private_address_is_refused(site: Site, target: str) -> None:
    site.routes["/go"] = fixed(302, b"", {"Location": target})
    with pytest.raises(NotPublic):
        get(site, "/go")
    assert site.paths() == ["/go"]


def test_a_redirect_to_another_scheme_is_refused(site: Site) -> None:
    site.routes["/go"] = fixed(301, b"", {"Location": "file:///etc/passwd"})
    with pytest.raises(Refused, match="redirected to file:///etc/passwd: only http and https URLs are fetched"):
        get(site, "/go")


def test_redirects_are_followed_to_a_bound(site: Site) -> None:
    site.routes["/news/harbour"] = fixed(200, page("harbour"))
    site.routes["/r1"] = fixed(301, b"", {"Location": "/r2"})
    site.routes["/r2"] = fixed(307, b"", {"Location": site.base + "/news/harbour"})
    answer = get(site, "/r1")
    assert (answer.status, answer.url, [hop.status for hop in answer.hops]) == (200, site.base + "/news/harbour", [301, 307])
    for n in range(7):
        site.routes[f"/loop{n}"] = fixed(302, b"", {"Location": f"/loop{n + 1}"})
    with pytest.raises(FetchError, match="more than 5 redirects"):
        get(site, "/loop0")
    assert site.paths()[-6:] == [f"/loop{n}" for n in range(6)]


def test_an_answer_over_the_size_limit_is_not_read(site: Site) -> None:
    site.routes["/big"] = fixed(200, b"x" * 200_000)
    with pytest.raises(FetchError, match="answer of 200,000 bytes, over the limit of 100,000"):
        get(site, "/big")


def test_a_compressed_answer_is_bounded_once_decompressed(site: Site) -> None:
    bomb = gzip.compress(b"\0" * 50_000_000)  # 49 KB that would inflate to 50 MB
    site.routes["/bomb"] = fixed(200, bomb, {"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="over the limit of 100,000 bytes once decompressed"):
        get(site, "/bomb")
    small = gzip.compress(page("bridge"))  # once: the gzip header holds the time it was made
    site.routes["/small"] = fixed(200, small, {"Content-Encoding": "gzip"})
    answer = get(site, "/small")
    assert (answer.body, answer.raw) == (page("bridge"), small)


def test_a_slow_answer_times_out_after_bounded_retries(site: Site) -> None:
    site.routes["/slow"] = fixed(200, page("harbour"), {"X-Test-Delay": "1.0"})
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"no answer within 0.3 s \(timeout\)"):
        get(site, "/slow")
    assert site.paths() == ["/slow"] * 3
    assert time.monotonic() - started < 2.5


def test_a_server_dripping_its_headers_is_cut_off_at_the_deadline(site: Site) -> None:
    site.routes["/drip"] = fixed(200, b"", {"X-Test-Drip": "40"})  # 4 s of headers, a line every 0.1 s
    limits = Limits(timeout=0.3, deadline=0.8, max_bytes=100_000, retries=0)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"answer took over 0.8 s to arrive; given up"):
        get(site, "/drip", limits)
    assert time.monotonic() - started < 1.5


def counted(*answers: Answer) -> object:
    """A route giving these answers in turn, then the last one again."""
    given = iter(answers)
    last: list[Answer] = []

    def route(asked: dict[str, str]) -> Answer:
        last[:] = [next(given, last[0] if last else answers[-1])]
        return last[0]

    return route


def test_429_and_5xx_are_tried_again_with_backoff(site: Site) -> None:
    site.routes["/busy"] = counted((429, {"Retry-After": "0"}, b""), (503, {}, b""), (200, {"Content-Type": "text/html"}, page("library")))
    assert get(site, "/busy").body == page("library")
    assert site.paths() == ["/busy"] * 3
    site.routes["/down"] = fixed(500, b"oops")
    assert get(site, "/down").status == 500
    assert site.paths().count("/down") == 3


def test_a_long_retry_after_is_not_waited_for(site: Site) -> None:
    site.routes["/later"] = fixed(429, b"", {"Retry-After": "3600"})
    started = time.monotonic()
    answer = get(site, "/later")
    assert (answer.status, site.paths(), time.monotonic() - started < 1) == (429, ["/later"], True)
    assert net.retry_after("120") == 120.0
    assert net.retry_after("soon") is None


def test_a_host_with_several_addresses_is_tried_at_each(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    site.routes["/a"] = fixed(200, page("harbour"))
    port = int(site.base.rsplit(":", 1)[1])
    real = net.socket.getaddrinfo

    def resolve(host: str, *args: object, **kwargs: object) -> list:
        if host != "news.test":
            return real(host, *args, **kwargs)
        return [(2, 1, 6, "", (address, port)) for address in ("127.0.0.2", "127.0.0.1")]  # nothing listens on the first

    monkeypatch.setattr(net.socket, "getaddrinfo", resolve)
    with net.client(FAST, "newsgraph-test", allowed=(ipaddress.ip_network("127.0.0.0/8"),)) as http:
        assert net.get(http, f"http://news.test:{port}/a", FAST, anytime).body == page("harbour")
