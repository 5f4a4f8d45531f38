"""Canonical URLs (one page, one key) and the list of sources a user gives to ``watch``."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import etree

from newsgraph.errors import BadInput

SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
# Query parameters that say where a reader came from, not which page it is.
TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "at_medium", "at_campaign", "cmpid", "ocid")
MAX_SOURCES = 10_000


def canonical(url: str) -> str:
    """``url`` with what does not change the page removed: case of scheme and host, a default
    port, the fragment, tracking parameters; "" path becomes "/". Raises BadInput for a URL
    that is not http(s) or has no host."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as err:
        raise BadInput(f"{url}: not a valid URL ({err})") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise BadInput(f"{url}: only http and https URLs are fetched")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise BadInput(f"{url}: no host in this URL")
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith(TRACKING)]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def origin(url: str) -> str:
    """"https://host[:port]": what robots.txt and the rate limit apply to."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def read_sources(given: list[str]) -> list[str]:
    """Feed and page URLs from the command line: URLs, files listing one per line ("#" starts a
    comment), and OPML files (every ``xmlUrl``); in order, each once, canonical."""
    found: list[str] = []
    for item in given:
        if "://" in item:
            found.append(canonical(item))
            continue
        path = Path(item)
        if not path.is_file():
            raise BadInput(f"{item}: neither a URL (http:// or https://) nor a file listing them")
        data = path.read_bytes()[: 8 * 1024 * 1024]
        urls = _opml(data, item) if b"<opml" in data[:4096].lower() else _lines(data, item)
        if not urls:
            raise BadInput(f"{item}: no feed URLs in this file")
        found.extend(urls)
    unique = list(dict.fromkeys(found))
    if len(unique) > MAX_SOURCES:
        raise BadInput(f"{len(unique):,} sources (the limit is {MAX_SOURCES:,}); split them over several watchers")
    return unique


def _lines(data: bytes, where: str) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in data.decode("utf-8", "replace").splitlines())  # a fragment goes too
    return [_canonical_in(line, f"{where}, line {number}") for number, line in enumerate(lines, start=1) if line]


def _opml(data: bytes, where: str) -> list[str]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise BadInput(f"{where}: not a readable OPML file ({err})") from None
    found = (outline.get("xmlUrl") or outline.get("xmlurl") for outline in root.iter("outline"))
    return [_canonical_in(url, where) for url in found if url]


def _canonical_in(url: str, where: str) -> str:
    try:
        return canonical(url)
    except BadInput as err:
        raise BadInput(f"{where}: {err.message}") from None
