"""Who says what in a reactions article: sections of a round-up, and actors as subjects of a stance.

Real coverage of international reactions is written in three ways besides quotations:

* round-up lines, ``Country: sentence.``: the whole line is that country's reaction, whoever
  the sentence names ("United Kingdom: The Foreign Office summoned ...");
* round-ups with a sub-heading: a line that is only a country or organisation, a quotation,
  and the speaker's name and title on a line of its own; the heading says whose words they are;
* prose whose subject is a government and whose verb carries the stance ("Ottawa joined ECOWAS
  in firmly rejecting the coup", "Norway has frozen all ministerial visits").

A section gives its actor to everything said inside it; ``sections`` finds them. The reported
statements of prose are found by ``subject_statements``, which keeps only stance words that
belong to the subject's own clause (not "Russia blocked a statement condemning the coup").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from newsgraph.lang import read_table
from newsgraph.model import ActorRef, Mention, Span
from newsgraph.nlp import text_of

# Sectors whose words are their government's or organisation's (DESIGN.md, Stances); None is the
# country or organisation itself. Legislators, opposition, business and media do not speak for it.
SPEAKING_SECTORS = frozenset({None, "GOV", "MIL", "JUD"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# How a stance word may hang below the subject's verb and still be the subject's own stance.
OWN_CLAUSE_DEPS = frozenset(
    {"xcomp", "ccomp", "conj", "dobj", "pobj", "prep", "advcl", "pcomp", "amod", "compound", "acomp", "attr", "advmod", "npadvmod", "dep", "oprd", "cc", "neg", "aux", "prt"}
    | {"obj", "iobj", "obl", "nmod", "flat", "fixed", "case", "mark", "cop", "parataxis", "det"}  # Universal Dependencies (Spanish)
)
CHAIR_WORDS = frozenset({"chair", "chairman", "chairwoman", "chairperson", "presidency"})
GROUP_NOUNS = frozenset({"bloc", "organisation", "organization", "group", "union", "alliance", "community", "body"})
MAX_HEADING_WORDS = 6
MAX_ATTRIBUTION_WORDS = 20
QUOTE_OPENERS = "\"“«‘'"
_LABEL = re.compile(r"(?P<label>[^:\n]{2,60}?)\s*:\s+\S")
_LABEL_OR_STOP = re.compile(r"(?P<label>[^:.\n]{2,60}?)\s*[:.]\s+\S")


@dataclass(frozen=True, slots=True)
class Section:
    """A stretch of text said by one actor because the round-up's layout says so."""

    start: int
    end: int
    ref: ActorRef
    label: Span


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line or paragraph."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def sections(text: str, mentions: list[Mention], language: str = "en") -> list[Section]:
    """Round-up lines and sub-headed blocks, each with the actor its label names (Spanish
    round-ups also write the label as a sentence of its own: "Malasia. El Ministerio ...")."""
    found: list[Section] = []
    lines = paragraphs(text)
    label_pattern = _LABEL_OR_STOP if language == "es" else _LABEL
    i = 0
    while i < len(lines):
        start, end = lines[i]
        label = label_pattern.match(text, start, end)
        ref = _label_actor(text, mentions, start, start + len(label.group("label"))) if label else None
        if ref is not None:
            body = label.end() - 1  # type: ignore[union-attr]
            found.append(Section(body, end, ref, Span.of(text, start, start + len(label.group("label")))))  # type: ignore[union-attr]
            i += 1
            continue
        ref = _heading_actor(text, mentions, start, end)
        if ref is not None:
            j = i + 1
            while j < len(lines) and _is_quotation(text, *lines[j]):
                j += 1
            if j > i + 1 and j < len(lines) and _is_attribution(text, *lines[j]) and _heading_actor(text, mentions, *lines[j]) is None:
                j += 1
            if j > i + 1:
                found.append(Section(lines[i + 1][0], lines[j - 1][1], ref, Span.of(text, start, end)))
                i = j
                continue
        i += 1
    return found


def section_at(found: list[Section], start: int, end: int) -> Section | None:
    for section in found:
        if section.start <= start and end <= section.end:
            return section
    return None


def _label_actor(text: str, mentions: list[Mention], start: int, end: int) -> ActorRef | None:
    """The country or organisation a label names when the label is that name and nothing more."""
    words = text[start:end].strip()
    if not words or len(words.split()) > MAX_HEADING_WORDS or not words[0].isupper():
        return None
    inside = [m for m in mentions if start <= m.span.start and m.span.end <= end]
    if len(inside) != 1 or inside[0].kind not in ("name", "metonym"):
        return None
    m = inside[0]
    rest = (text[start : m.span.start] + text[m.span.end : end]).strip().lower()
    if rest not in ("", "the") or not m.ref.actor or m.ref.role:
        return None
    return m.ref


def _heading_actor(text: str, mentions: list[Mention], start: int, end: int) -> ActorRef | None:
    line = text[start:end].rstrip()
    if line.endswith((".", ",", ";", ":", "?", "!")) or line[:1] in QUOTE_OPENERS:
        return None
    return _label_actor(text, mentions, start, start + len(line))


def _is_quotation(text: str, start: int, end: int) -> bool:
    return text[start:end].lstrip()[:1] in QUOTE_OPENERS


def _is_attribution(text: str, start: int, end: int) -> bool:
    """The short line under a quotation naming who said it: "Name, title, ministry"."""
    line = text[start:end].strip()
    return len(line.split()) <= MAX_ATTRIBUTION_WORDS and not line.endswith((".", "?", "!", ":"))


def subject_statements(doc: Doc, mentions: list[Mention], language: str = "en") -> list[tuple[ActorRef, Token, Token, Span]]:
    """(actor, subject, verb, sentence) for each clause whose subject is a government or organisation.

    Coordinated subjects ("Berlin and Paris condemn") each get the clause."""
    from newsgraph.extract.actors.mentions import ref_for

    text = text_of(doc)
    found: list[tuple[ActorRef, Token, Token, Span]] = []
    for token in doc:
        if token.dep_ not in SUBJECT_DEPS or token.head.pos_ not in ("VERB", "AUX"):
            continue
        verb = token.head
        if verb.dep_ in ("relcl", "acl"):  # "a statement that condemned the coup" says nothing of the subject's own
            continue
        for subject in (token, *_conjuncts(token), *_of_members(token)):
            ref = ref_for(mentions, subject)
            if ref is None or not ref.actor or ref.sector not in SPEAKING_SECTORS:
                continue
            if reported_by_another(verb, ref, mentions, language):
                continue
            sent = verb.sent
            found.append((ref, subject, verb, Span.of(text, sent.start_char, sent.end_char)))
    return found


def _of_members(token: Token) -> list[Token]:
    """The members a joint subject names: "the governments of Mali and Burkina Faso"."""
    if token.lemma_.lower() not in joint_heads():
        return []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            return [o for obj in objects for o in (obj, *_conjuncts(obj))]
    return []


def reported_by_another(verb: Token, ref: ActorRef, mentions: list[Mention], language: str = "en") -> bool:
    """"Observers in Europe supposed Ankara would back it": a clause someone else says or supposes
    is no statement of its subject's own. A speech verb whose speaker is not placed ("his spokesman
    said the Secretary-General condemned") reports the statement rather than competing with it."""
    from newsgraph.extract.actors.mentions import ref_for

    node = verb
    while node.head.i != node.i:
        node = node.head
        if node.pos_ not in ("VERB", "AUX"):
            continue
        for child in node.children:
            if child.dep_ in SUBJECT_DEPS and child.pos_ != "PRON":
                other = ref_for(mentions, child)
                if (other is None or not other.actor) and node.lemma_.lower() in speech_lemmas(language):
                    continue
                if other is None or other.actor != ref.actor:
                    return True
    return False


@lru_cache(maxsize=None)
def speech_lemmas(language: str) -> frozenset[str]:
    """Verbs that report what was said (not what someone supposes), from the language's cue table."""
    kinds = {"say", "write", "report", "urge", "react", "call"}
    return frozenset(row[0] for row in read_table("cue_verbs.tsv", language) if len(row) > 1 and row[1] in kinds)


@lru_cache(maxsize=1)
def joint_heads() -> frozenset[str]:
    """Nouns whose "of" phrase names who speaks together: "the governments of A and B"."""
    return frozenset(row[0] for row in read_table("joint_subjects.tsv"))


def _conjuncts(token: Token) -> list[Token]:
    """The words coordinated with ``token``, also when the parser hangs them on a later word of
    its name ("Naciones Unidas, Estados Unidos y Francia": on "Unidas")."""
    out, todo = [], [token, *(c for c in token.children if c.dep_ in ("flat", "compound", "fixed"))]
    while todo:
        for child in todo.pop().children:
            if child.dep_ == "conj":
                out.append(child)
                todo.append(child)
    return out


def in_own_clause(verb: Token, token: Token, same: Callable[[Token], bool] | None = None) -> bool:
    """Whether ``token`` is the verb itself or hangs below it through the verb's own clause:
    not through a relative clause or a noun's modifier clause, nor a clause with a subject of its own
    that is not a pronoun ("Biden said Russia had condemned": Russia's words, not Biden's) nor,
    by ``same``, the same actor ("the UN spokesman said the Secretary-General condemned")."""
    node = token
    while node.i != verb.i:
        if node.dep_ not in OWN_CLAUSE_DEPS and not _said_clause(node):
            return False
        if node.pos_ in ("VERB", "AUX") and any(
            c.dep_ in SUBJECT_DEPS and c.pos_ != "PRON" and not (same and same(c)) for c in node.children
        ):
            return False
        if node.head.i == node.i:
            return False
        node = node.head
    return True


def _said_clause(node: Token) -> bool:
    """A clause the Spanish model reads as relative ("acl") which gives what was said or asked: "emitió
    una nota en la que pide calma", "pidió a los soldados que vuelvan a sus bases"."""
    if node.dep_ != "acl" or node.doc.lang_ not in STATEMENT_LANGUAGES:
        return False
    head, language = node.head, node.doc.lang_
    if head.lemma_.lower() in statement_words(language, "noun") and head.head.lemma_.lower() in statement_words(language, "issue"):
        return True
    asking = {row[0] for row in read_table("cue_verbs.tsv", language) if len(row) > 1 and row[1] == "urge"}
    # what is asked is never told in the past ("que vuelvan", "que volvieran"; the model may tag them indicative)
    return "Past" not in node.morph.get("Tense") and head.dep_ in ("obj", "iobj") and head.head.lemma_.lower() in asking


STATEMENT_LANGUAGES = frozenset({"es"})  # those with a lang/<language>/statement_nouns.tsv


@lru_cache(maxsize=None)
def statement_words(language: str, category: str) -> frozenset[str]:
    return frozenset(word for kind, word, *_ in read_table("statement_nouns.tsv", language) if kind == category)


def chairs(doc: Doc, mentions: list[Mention]) -> dict[str, str]:
    """People the text says chair an organisation ("Kenya's President X, who became chairman
    of the bloc"): a head of state speaking as chair speaks for the organisation. Name -> its code."""
    from newsgraph.extract.actors.mentions import mention_at

    found: dict[str, str] = {}
    for m in mentions:
        if m.kind != "name" or not m.ref.role:
            continue
        span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        if span is None:
            continue
        for clause in span.root.children:
            if clause.dep_ not in ("relcl", "appos", "acl"):
                continue
            for token in clause.subtree:
                if token.lower_ not in CHAIR_WORDS:
                    continue
                org = next((c for p in token.children if p.lower_ == "of" for c in p.children if c.dep_ == "pobj"), None)
                code = _organisation_of(org, mentions, mention_at) if org is not None else None
                if code:
                    found[m.ref.name] = code
    return found


def _organisation_of(token: Token, mentions: list[Mention], mention_at) -> str | None:
    """The organisation a noun names: by name, or "the bloc" for the one named last before it."""
    named = mention_at(mentions, token.idx, token.idx + len(token.text))
    if named is not None and named.span.start <= token.idx < named.span.end:
        return named.ref.actor if named.ref.actor in _igo_codes() else None
    if token.lower_ in GROUP_NOUNS:
        earlier = [m for m in mentions if m.span.end <= token.idx and m.ref.actor in _igo_codes()]
        return earlier[-1].ref.actor if earlier else None
    return None


@lru_cache(maxsize=1)
def _igo_codes() -> frozenset[str]:
    return frozenset(row[0] for row in read_table("organisations.tsv") if len(row) > 3 and row[3] == "igo")
