"""The article's name table: which written names are the same person.

Each name the tagger or a title marks as a person is a person everywhere in the article; a shorter
form joins the one full name it can stand for ("Vieira" after "Mauro Vieira", "Hillary" after
"Hillary Clinton", "President Agbenyo" after "Kossi Agbenyo"), unless an honorific or given name
says the two differ in gender ("Mr. Obama" is not "Michelle Obama").
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsgraph.extract.coref import Person
from newsgraph.extract.knowledge import Knowledge

Names = dict[tuple[str, ...], Person]


def name_table(
    doc: Doc, kb: Knowledge, seeds: list[tuple[int, int]], title_tokens: set[int]
) -> tuple[Names, dict[str, list[Person]]]:
    """The person each written name (as a token tuple) stands for, and the people by surname, in
    order of introduction; ``seeds`` are the token ranges of names seen as persons."""
    texts = [t.text for t in doc]
    by_tokens: Names = {}
    by_last: dict[str, list[Person]] = {}
    seeds = sorted(seeds)
    said_gender = {tuple(texts[s:e]): kb.honorific_gender[texts[s - 1]] for s, e in seeds if s > 0 and texts[s - 1] in kb.honorific_gender}
    for s, e in seeds:
        toks = tuple(texts[s:e])
        gender = said_gender.get(toks) or (kb.given_gender.get(toks[0]) if len(toks) > 1 else None)
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
    return by_tokens, by_last
