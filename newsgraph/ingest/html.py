"""HTML pages: the article body with boilerplate removed, its metadata, its captions apart.

One file is one page and gives one :class:`~newsgraph.model.Article` (``format="html"``).
The body is found by trafilatura; everything else comes from the page's own markup:

============  ==================================================================
Article       where it comes from
============  ==================================================================
text          trafilatura's main text, one paragraph per block, joined by "\\n\\n";
              navigation, related links, footers, image captions and photo
              credits are left out, and a leading heading equal to the title too
title         trafilatura: ``og:title``, JSON-LD ``headline``, ``<h1>``, ``<title>``
outlet        trafilatura's site name: ``og:site_name``, JSON-LD publisher, ...
url           ``<link rel="canonical">`` or ``og:url`` (a WARC record's target URI
              instead, see :mod:`newsgraph.ingest.warc`)
published     ``article:published_time``, ``itemprop="datePublished"``, JSON-LD
              ``datePublished``, ... with time and time zone as given; else the
              day trafilatura finds in the page's markup or URL; else ``None``
              (dates in the running text are never taken for the publication date)
updated       ``article:modified_time``, ``og:updated_time``, ``dateModified``
byline        trafilatura's author (``<meta name="author">``, bylines, JSON-LD);
              several authors are joined by "; "
language      ``<html lang>``, ``content-language`` or ``og:locale``, reduced to
              its primary subtag ("en-GB" -> "en")
captions      every ``<figcaption>`` (and elements of class ``*caption``), with
              the credit split off: a child of class ``credit``/``copyright``/
              ``photographer`` or ``<cite>``; else a trailing "Photo: X",
              "Photograph: X", "Credit: X", "Picture by X", "© X" or an agency in
              brackets such as "(Reuters)" or "(AP Photo/Name)"
============  ==================================================================

The page is decoded as UTF-8; a page that is not UTF-8 is decoded with the charset
it declares (HTTP header for WARC records, ``<meta charset>``), if any. Truncated
or malformed HTML is repaired by the parser and whatever article text it holds is
read; a page with no article text raises :class:`~newsgraph.errors.BadInput`.

Captions are found by :mod:`newsgraph.ingest.captions`; :func:`fragment_text` here is shared
with the feed reader.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import BinaryIO

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.settings import use_config
from trafilatura.utils import load_html

from newsgraph.errors import BadInput
from newsgraph.ingest.base import (
    Item,
    decode,
    iso_datetime,
    read_one_article,
)
from newsgraph.ingest.captions import clean_space, drop_caption_paragraphs, node_text, take_captions, text_key
from newsgraph.model import Article, Caption

# Meta tags (attribute, value) read for the dates, most specific first.
PUBLISHED_META = (
    ("property", "article:published_time"),
    ("property", "og:published_time"),
    ("name", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "pubdate"),
    ("name", "publish-date"),
    ("name", "publication_date"),
    ("name", "dc.date.issued"),
    ("name", "dcterms.date"),
    ("name", "dc.date"),
    ("name", "date"),
)
UPDATED_META = (
    ("property", "article:modified_time"),
    ("property", "og:updated_time"),
    ("name", "article:modified_time"),
    ("itemprop", "dateModified"),
    ("name", "dcterms.modified"),
    ("name", "last-modified"),
)
BLOCK_TAGS = frozenset(
    # HTML blocks
    "address article aside blockquote dd div dl dt figure footer h1 h2 h3 h4 h5 h6 header hr "
    "li main nav ol p pre section table tbody td th thead tr ul "
    # trafilatura's output tree
    "cell code head item list quote row".split()
)
BREAK_TAGS = frozenset({"br", "lb"})
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg", "button", "form"})

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
# A page is an article only if some paragraph is a sentence of at least this many words.
MIN_PROSE_WORDS = 8
# Below trafilatura's default (250 characters) a short news brief is replaced by a flat dump
# of the whole page (title, byline and body in one paragraph); 40 keeps briefs structured.
MIN_EXTRACTED_CHARS = 40
# trafilatura's time grows faster than linearly with the number of elements of a page.
MAX_ELEMENTS = 20_000
_TRAFILATURA = use_config()
_TRAFILATURA.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(MIN_EXTRACTED_CHARS))


def read_html(stream: BinaryIO, location: str) -> Iterator[Item]:
    """Read one HTML page: yields one Article, or raises BadInput for the whole file."""
    too_big = "HTML page larger than {mb} MB; one article is never that big, check the file"
    yield page_to_article(read_one_article(stream, location, too_big), location)


def page_to_article(
    data: bytes,
    location: str,
    *,
    url: str | None = None,
    charset: str | None = None,
    format: str = "html",
) -> Article:
    """One HTML page to an Article; raises BadInput when it holds no article text.

    ``url`` (a WARC target URI) wins over the page's canonical URL; ``charset``
    is the one an HTTP header declared.
    """
    text = _decode_page(data, location, charset)
    if not text.strip():
        raise BadInput(f"{location}: empty HTML page")
    tree = load_html(_XML_DECL.sub("", text, count=1))
    if tree is None or not isinstance(tree, lxml_html.HtmlElement):
        raise BadInput(f"{location}: no article text found in this HTML page (it could not be parsed)")
    elements = _count_elements(tree)
    if elements > MAX_ELEMENTS:
        raise BadInput(
            f"{location}: HTML page with {elements:,} elements (the limit is {MAX_ELEMENTS:,}; "
            "article pages have a few thousand); not read"
        )
    published, updated = _page_dates(tree)
    language = _page_language(tree)
    captions = take_captions(tree)
    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
            config=_TRAFILATURA,
        )
    except Exception as err:  # trafilatura on a broken tree: report, do not crash the batch
        raise BadInput(f"{location}: no article text found in this HTML page ({type(err).__name__}: {err})") from None
    if doc is None:
        raise BadInput(f"{location}: no article text found in this HTML page")
    title = clean_space(doc.title) or None
    paragraphs = block_paragraphs(doc.body)
    if paragraphs and title and _same(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    paragraphs = drop_caption_paragraphs(paragraphs, captions)
    if not any(_is_prose(p) for p in paragraphs):
        size = sum(map(len, paragraphs))
        found = f" (only {size} characters of menus, headings or cut-off text)" if paragraphs else ""
        raise BadInput(f"{location}: no article text found in this HTML page{found}")
    body = "\n\n".join(paragraphs)
    return Article.build(
        body,
        title=title,
        outlet=clean_space(doc.sitename) or None,
        url=url or doc.url or None,
        published=published or _safe_date(doc.date),
        updated=updated,
        byline=clean_space(doc.author) or None,
        language=language,
        captions=tuple(captions),
        location=location,
        format=format,
    )


def _count_elements(tree: etree._Element) -> int:
    """Elements outside scripts, styles and drawings: what trafilatura's time grows with
    (faster than linearly: 80,000 inline elements take it 23 s)."""
    count = 0
    for node in tree.iter():
        if isinstance(node.tag, str) and not any(a.tag in SKIP_TAGS for a in _ancestors(node, 3)):
            count += 1
    return count


def _ancestors(node: etree._Element, depth: int) -> Iterator[etree._Element]:
    parent = node
    for _ in range(depth):
        parent = parent.getparent()
        if parent is None:
            return
        yield parent


# --- text ---------------------------------------------------------------------------------


def block_paragraphs(root: etree._Element | None) -> list[str]:
    """The paragraphs of an HTML (or trafilatura output) tree: one per block element or
    line break, whitespace collapsed, empty ones left out."""
    paragraphs: list[str] = []
    if root is None:
        return paragraphs
    buffer: list[str] = []

    def flush() -> None:
        text = clean_space("".join(buffer))
        buffer.clear()
        if text:
            paragraphs.append(text)

    def walk(node: etree._Element) -> None:
        if node.text:
            buffer.append(node.text)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag is None or tag in SKIP_TAGS:
                pass
            elif tag in BREAK_TAGS:
                flush()
            elif tag in BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)
            if child.tail:
                buffer.append(child.tail)

    walk(root)
    flush()
    return paragraphs


def fragment_text(fragment: str) -> tuple[list[str], list[Caption]]:
    """Paragraphs and captions of an HTML fragment (a feed entry's content)."""
    if not fragment or not fragment.strip():
        return [], []
    try:
        root = lxml_html.fragment_fromstring(_XML_DECL.sub("", fragment, count=1), create_parent="div")
    except (etree.ParserError, ValueError):
        return [], []
    captions = take_captions(root)
    return drop_caption_paragraphs(block_paragraphs(root), captions), captions


def _is_prose(paragraph: str) -> bool:
    return len(paragraph.split()) >= MIN_PROSE_WORDS and bool(_SENTENCE_END.search(paragraph))


def _same(a: str, b: str) -> bool:
    return text_key(a) == text_key(b)


# --- metadata -----------------------------------------------------------------------------


def _decode_page(data: bytes, location: str, charset: str | None) -> str:
    try:
        return decode(data, location)
    except BadInput:
        declared = charset
        if not declared:
            match = _CHARSET.search(data[:4096])
            declared = match.group(1).decode("ascii") if match else None
        if not declared or b"\x00" in data[:8192]:
            raise
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            raise BadInput(
                f"{location}: neither valid UTF-8 nor the {declared!r} the page declares; "
                "re-save the page as UTF-8"
            ) from None


def _meta(tree: etree._Element, keys: tuple[tuple[str, str], ...]) -> str | None:
    for attribute, value in keys:
        tags = ("meta", "time", "span") if attribute == "itemprop" else ("meta",)
        for node in tree.iter(*tags):
            name = node.get(attribute)
            if name and name.lower() == value.lower():
                content = node.get("content") or node.get("datetime") or node_text(node)
                if content and content.strip():
                    return content.strip()
    return None


def _json_ld(tree: etree._Element) -> Iterator[dict]:
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))


def _page_dates(tree: etree._Element) -> tuple[str | None, str | None]:
    published = _meta(tree, PUBLISHED_META)
    updated = _meta(tree, UPDATED_META)
    for item in _json_ld(tree):
        published = published or (item.get("datePublished") if isinstance(item.get("datePublished"), str) else None)
        updated = updated or (item.get("dateModified") if isinstance(item.get("dateModified"), str) else None)
    return _safe_date(published), _safe_date(updated)


def _safe_date(value: str | None) -> str | None:
    try:
        return iso_datetime(value)
    except (ValueError, OverflowError):
        return None


def _page_language(tree: etree._Element) -> str | None:
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for node in tree.iter("meta"):
        key = (node.get("http-equiv") or node.get("property") or node.get("name") or "").lower()
        if key in ("content-language", "og:locale", "language", "dc.language"):
            candidates.append(node.get("content"))
    return next((code for code in map(primary_language, candidates) if code), None)


def primary_language(value: str | None) -> str | None:
    """"en-GB", "en_US", "EN" -> "en"; None for anything that is not a language tag."""
    if not value:
        return None
    primary = re.split(r"[-_,;\s]", value.strip(), maxsplit=1)[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


__all__ = [
    "block_paragraphs",
    "fragment_text",
    "page_to_article",
    "primary_language",
    "read_html",
]
