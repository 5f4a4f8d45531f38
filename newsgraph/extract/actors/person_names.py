"""The article's name table: which written names are the same person.

Each name the tagger or a title marks as a person is a person everywhere in the article; a shorter
form joins the one full name it can stand for ("Vieira" after "Mauro Vieira", "Hillary" after
"Hillary Clinton", "President Agbenyo" after "Kossi Agbenyo"), unless an honorific or given name
says the two differ in gender ("Mr. Obama" is not "Michelle Obama").

Two slips of the tagger are mended here. A name it calls a person that ends in a word only
organisations' names end in, or in a region or place ("Thalassa Maritime", "NetWatch Africa"), is an
organisation's: it is referred back to only in full, never by its last word as a surname. And after a
title with an "of the X" complement ("President of the Council Kossi Agbenyo") the name starts after
the complement, which is part of the title.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from newsgraph.extract.actors.discourse import Person, Phrase
from newsgraph.extract.actors.knowledge import PLACE, REGION, Knowledge, TitleEntry

Names = dict[tuple[str, ...], Person]
COMPLEMENT_WORDS = frozenset({"of", "the", "and"})  # words inside a title's complement besides its capitalised ones


def names_organisation(kb: Knowledge, toks: tuple[str, ...]) -> bool:
    """Whether a name of several words is an organisation's, though the tagger took it for a person's:
    its last word ends only organisations' names or is a region or place ("Thalassa Maritime",
    "NetWatch Africa"). Its last word is then no surname to refer back to it by."""
    return len(toks) > 1 and (toks[-1] in kb.org_words or kb.surface_kinds.get(toks[-1]) in (REGION, PLACE))


def name_table(
    doc: Doc, kb: Knowledge, seeds: list[tuple[int, int]], title_tokens: set[int]
) -> tuple[Names, dict[str, list[Person]], set[tuple[str, ...]]]:
    """The person each written name (as a token tuple) stands for, the people by surname in order
    of introduction, and the names that are organisations' (kept whole, never joined to another
    name); ``seeds`` are the token ranges of names seen as persons."""
    texts = [t.text for t in doc]
    by_tokens: Names = {}
    by_last: dict[str, list[Person]] = {}
    orgs = {toks for toks in (tuple(texts[s:e]) for s, e in seeds) if names_organisation(kb, toks)}
    seeds = sorted(seeds)
    said_gender = {tuple(texts[s:e]): kb.honorific_gender[texts[s - 1]] for s, e in seeds if s > 0 and texts[s - 1] in kb.honorific_gender}
    for s, e in seeds:
        toks = tuple(texts[s:e])
        gender = said_gender.get(toks) or (kb.given_gender.get(toks[0]) if len(toks) > 1 else None)
        if toks in orgs:
            by_tokens.setdefault(toks, Person(doc[s:e].text, toks))
            continue
        if toks in by_tokens:
            by_tokens[toks].gender = by_tokens[toks].gender or gender
            continue
        same = [p for p in by_last.get(toks[-1], ()) if len(p.tokens) == 1 or len(toks) == 1 or p.tokens[0] == toks[0]]
        if gender:  # "Mr. Obama" is not "Michelle Obama"
            same = [p for p in same if not p.gender or p.gender == gender]
        if len(toks) == 1 and s - 1 in title_tokens and all(len(p.tokens) > 1 for p in same):
            same = same if len(same) == 1 else []  # "President Agbenyo" after "Kossi Agbenyo", if no one else
        elif not same and len(toks) == 1:  # "Hillary" after "Hillary Clinton"
            same = [p for people in by_last.values() for p in people if len(p.tokens) > 1 and p.tokens[0] == toks[0]]
            same = same if len(same) == 1 else []
        if same:
            person = same[0]
            if len(toks) > len(person.tokens):
                person.name, person.tokens = doc[s:e].text, toks
            person.gender = person.gender or gender
        else:
            person = Person(doc[s:e].text, toks, gender)
            by_last.setdefault(toks[-1], []).append(person)
        by_tokens[toks] = person
    for last, people in by_last.items():  # a surname alone is the first person introduced with it
        by_tokens.setdefault((last,), people[0])
    return by_tokens, by_last, orgs


def complement_end(doc: Doc, kb: Knowledge, e: int) -> int:
    """Where the name after a title ending at ``e`` starts when an "of the X" complement comes between
    them: "President of the Council Kossi Agbenyo" puts it after "Council", not after "of". The
    complement is "the" and capitalised words of titles and bodies ("Council", "Ministers", as
    titles.tsv has them), naming no country or organisation; ``e`` when there is none, or no other
    proper noun follows it."""
    if e + 2 >= len(doc) or doc[e].lower_ != "of":
        return e
    end = e + 1 + (doc[e + 1].lower_ == "the")
    while end < len(doc) and (doc[end].text[:1].isupper() and doc[end].lower_ in kb.title_words or doc[end].lower_ == "of"):
        end += 1
    while doc[end - 1].lower_ in COMPLEMENT_WORDS:
        end -= 1
    words = doc[e + 1 : end]
    if end <= e + 1 or any(words[a:b].text in kb.surface_kinds for a in range(len(words)) for b in range(a + 1, len(words) + 1)):
        return e
    return end if end < len(doc) and doc[end].tag_ == "NNP" and doc[end].text[:1].isupper() else e


def complemented_title(doc: Doc, kb: Knowledge, phrase: Phrase, start_at: dict[int, Phrase]) -> tuple[int, TitleEntry]:
    """The end and title of a title phrase that takes in its "of the X" complement, when a person's
    name follows it ("President of the Council" Kossi Agbenyo), so that the name joins the title; else
    the phrase's own end and title."""
    end = complement_end(doc, kb, phrase.end)
    after = start_at.get(end)
    if end == phrase.end or after is None or after.what != "person":
        return phrase.end, phrase.title
    return end, replace(phrase.title, phrase=f"{phrase.title.phrase} {doc[phrase.end : end].text.lower()}")
