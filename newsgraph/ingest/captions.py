"""Image captions and their photo credits, found in HTML and kept apart from the article text.

Captions describe a picture, not the news: their words must not become quotes or events, and
their credits ("Photo: A. Name", "(Reuters)", "© X") are not bylines. Shared by the HTML, feed
and tabular readers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree
from lxml import html as lxml_html

from newsgraph.model import Caption

# News agencies whose name alone, in brackets at the end of a caption, is a credit.
AGENCIES = (
    "AAP", "ABACA", "AFP", "ANP", "ANSA", "AP", "Anadolu", "Anadolu Agency", "DPA",
    "EFE", "EPA", "EPA-EFE", "Getty", "Getty Images", "Kyodo", "PA", "PA Images",
    "Reuters", "Sipa", "Shutterstock", "TASS", "Xinhua", "Yonhap",
)
MEDIA_TAGS = ("img", "picture", "video", "audio", "svg", "iframe", "object", "embed")

_CAPTION_CLASS = re.compile(r"(?:^|[-_])caption(?:s|[-_]text)?$", re.I)
_CREDIT_CLASS = re.compile(r"(?:^|[-_])(?:credit|credits|copyright|photographer)$", re.I)
_CREDIT_LABEL = r"(?:photo(?:graph)?s?|pictures?|image|credit|photo credit|source|foto)"
# The last "Photo: X" of the caption (the greedy prefix makes the last label win).
_LABELLED_CREDIT = re.compile(
    rf"^(?P<text>.*)(?:^|(?<=[\s.;,|(\[–—-])){_CREDIT_LABEL}\s*(?::|by\b)\s*(?P<credit>[^()\[\]]+?)\s*[)\]]?\s*$",
    re.I | re.S,
)
# "IMAGE: ..." or "Caption: ..." at the start marks a caption, it is not a credit.
_CAPTION_MARKER = re.compile(r"^(?:image|picture|caption)\s*:\s*", re.I)
_COPYRIGHT_CREDIT = re.compile(r"(?:^|(?<=\s))(?:©|\(c\)|copyright\b)\s*(?P<credit>[^©]+?)\s*$", re.I)
_AGENCY_CREDIT = re.compile(
    r"[(\[](?P<credit>(?:%s)(?:\s+(?i:photo|pool|images))?(?:\s*/\s*[^()\[\]]+)?)[)\]]\s*$"
    % "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True))
)
_TRAIL_PUNCT = " \t\n-–—|,;:"
_SPACE = re.compile(r"\s+")


def split_credit(caption: str) -> Caption:
    """Split a trailing photo credit off a caption: "Ministers meet. Photo: A. Name" ->
    Caption("Ministers meet.", "A. Name"). A caption without one keeps credit None."""
    text = _CAPTION_MARKER.sub("", clean_space(caption), count=1)
    for pattern in (_AGENCY_CREDIT, _LABELLED_CREDIT, _COPYRIGHT_CREDIT):
        match = pattern.search(text)
        if match and match.group("credit").strip():
            end = match.end("text") if "text" in pattern.groupindex else match.start()
            rest = text[:end].rstrip(_TRAIL_PUNCT + "([")
            credit = match.group("credit").strip().rstrip(".")
            return Caption(rest, credit)
    return Caption(text, None)


def take_captions(tree: etree._Element) -> list[Caption]:
    """Collect the image captions of a parsed page or fragment and remove them from it,
    together with their figures and any loose photo credits."""
    captions: list[Caption] = []
    for figure in list(tree.iter("figure")):
        if _removed(figure, tree):
            continue
        if next(figure.iter("blockquote"), None) is not None and next(figure.iter(*MEDIA_TAGS), None) is None:
            _drop(figure)  # a pull quote: its words are in the body already, its caption names the speaker
            continue
        nodes = list(figure.iter("figcaption")) or [e for e in figure.iter() if _has_class(e, _CAPTION_CLASS)]
        credit_nodes = [e for e in figure.iter() if _is_credit(e)]
        if nodes or credit_nodes:
            caption = _caption_of(nodes, credit_nodes)
            if caption:
                captions.append(caption)
        _drop(figure)
    for node in list(tree.iter()):
        if not isinstance(node.tag, str) or _removed(node, tree):
            continue
        if node.tag == "figcaption" or (_has_class(node, _CAPTION_CLASS) and _small(node)):
            caption = _caption_of([node], [e for e in node.iter() if _is_credit(e)])
            if caption:
                captions.append(caption)
            _drop(node)
    for node in list(tree.iter()):
        if isinstance(node.tag, str) and _has_class(node, _CREDIT_CLASS) and _small(node) and not _removed(node, tree):
            _drop(node)
    return _unique(captions)


def drop_caption_paragraphs(paragraphs: Iterable[str], captions: Iterable[Caption]) -> list[str]:
    """Leave out paragraphs that are a caption or its credit (a page that repeats them)."""
    known = set()
    for caption in captions:
        for piece in (caption.text, caption.credit):
            if piece:
                known.add(text_key(piece))
        if caption.credit:
            known.add(text_key(f"{caption.text} {caption.credit}"))
    if not known:
        return list(paragraphs)
    kept = []
    for paragraph in paragraphs:
        key = text_key(paragraph)
        whole = text_key(split_credit(paragraph).text)
        if key in known or whole in known:
            continue
        kept.append(paragraph)
    return kept


def _caption_of(nodes: list[etree._Element], credit_nodes: list[etree._Element]) -> Caption | None:
    credits = [clean_space(node_text(n)) for n in credit_nodes]
    credits = [c for c in credits if c]
    for node in credit_nodes:
        _drop(node)
    text = clean_space(" ".join(node_text(n) for n in nodes))
    split = split_credit(text)
    credit = "; ".join(_strip_label(c) for c in credits) if credits else split.credit
    text = split.text.strip(_TRAIL_PUNCT)
    if not text and not credit:
        return None
    return Caption(text, credit or None)


def _strip_label(credit: str) -> str:
    match = _LABELLED_CREDIT.match(credit)
    if match and not match.group("text"):
        return match.group("credit").strip().rstrip(".")
    return credit.lstrip("©").strip()


def _is_credit(node: etree._Element) -> bool:
    return isinstance(node.tag, str) and (node.tag == "cite" or _has_class(node, _CREDIT_CLASS))


def _has_class(node: etree._Element, pattern: re.Pattern[str]) -> bool:
    classes = node.get("class") if isinstance(node.tag, str) else None
    return bool(classes) and any(pattern.search(c) for c in classes.split())


def _small(node: etree._Element) -> bool:
    """A caption or credit element is short and holds no paragraphs of its own."""
    return len(node_text(node)) <= 600 and next(node.iter("p", "article", "section"), node) is node


def _removed(node: etree._Element, root: etree._Element) -> bool:
    while node is not None and node is not root:
        node = node.getparent()
    return node is None


def _drop(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    if isinstance(node, lxml_html.HtmlElement):
        node.drop_tree()  # keeps the tail text
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def _unique(captions: list[Caption]) -> list[Caption]:
    seen: set[Caption] = set()
    result = []
    for caption in captions:
        if caption not in seen:
            seen.add(caption)
            result.append(caption)
    return result


def node_text(node: etree._Element) -> str:
    """All the text inside an element, pieces joined by spaces."""
    return " ".join(t for t in node.itertext() if t) if isinstance(node.tag, str) else ""


def clean_space(value: str | None) -> str:
    """Whitespace collapsed to single spaces, ends stripped; "" for None."""
    return _SPACE.sub(" ", value).strip() if value else ""


def text_key(value: str) -> str:
    """What two copies of one caption or paragraph have in common, for matching them."""
    return clean_space(value).strip(" .").casefold()
