"""A site's section page given as a source: the links on it that look like articles, to fetch.

A news site's front or section page lists its articles; it is no article itself. A link is taken
when it stays on the page's site (same host) and its path looks like an article's: a slug of at
least ``MIN_SLUG_WORDS`` words ("/world/2026/03/05/ceasefire-holds-in-the-north") or a date in the
path ("/2026/03/05/123456"). Links to the page itself, to files (images, PDFs, scripts), and to
listing pages (tags, authors, sections, search, pages 2, 3 ...) are left out. A page that
advertises a feed (``<link rel="alternate" type="application/rss+xml">``) is better watched by
that feed: :func:`feeds_of` names them so the report can say so.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from newsgraph.errors import BadInput
from newsgraph.model import PendingUrl
from newsgraph.watch.urls import canonical

MAX_LINKS = 200  # a front page lists tens; more is a site map, not news
MIN_SLUG_WORDS = 4
_DATE = re.compile(r"/(19|20)\d\d/(0?[1-9]|1[0-2])/")
_SLUG_WORD = re.compile(r"[^\W_]+")
_NOT_ARTICLE = re.compile(
    r"/(tags?|topics?|authors?|categor(y|ies)|sections?|search|page|login|signin|subscribe|newsletters?|about|contact|privacy|terms)(/|$)"
    r"|\.(jpe?g|png|gif|svg|webp|pdf|css|js|xml|rss|json|zip|mp[34])$",
    re.IGNORECASE,
)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


def article_links(body: bytes, page_url: str, outlet: str | None = None) -> list[PendingUrl]:
    """The article links on a section page, in page order, each once (canonical)."""
    tree = _tree(body)
    if tree is None:
        return []
    host = urlsplit(page_url).hostname
    here = canonical(page_url)
    found: dict[str, PendingUrl] = {}
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        url = _usable(urljoin(page_url, href)) if href else None
        if url is None or url == here or url in found or urlsplit(url).hostname != host or not looks_like_article(urlsplit(url).path):
            continue
        title = " ".join(anchor.text_content().split()) or None
        found[url] = PendingUrl(url=url, title=title, outlet=outlet, location=f"{page_url}#{url}")
        if len(found) >= MAX_LINKS:
            break
    return list(found.values())


def looks_like_article(path: str) -> bool:
    if _NOT_ARTICLE.search(path):
        return False
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return bool(_DATE.search(path)) or len(_SLUG_WORD.findall(last)) >= MIN_SLUG_WORDS


def feeds_of(body: bytes, page_url: str) -> list[str]:
    """The feeds a page advertises, absolute."""
    tree = _tree(body)
    if tree is None:
        return []
    links = tree.xpath("//link[@rel='alternate'][@href]")
    return [urljoin(page_url, link.get("href")) for link in links if (link.get("type") or "").lower() in _FEED_TYPES]


def _tree(body: bytes) -> lxml_html.HtmlElement | None:
    try:
        return lxml_html.document_fromstring(body)
    except (ValueError, lxml_html.etree.ParserError):
        return None


def _usable(url: str) -> str | None:
    try:
        return canonical(url)
    except BadInput:  # mailto:, javascript:, a broken link
        return None
