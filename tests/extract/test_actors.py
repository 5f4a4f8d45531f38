"""Actor recognition and resolution, through the real spaCy model.

Sentences here are our own. The seed tests read ../shared/seeds when it is present.

How coreference is measured: COREF_DEV and three held-out sets hold hand-labelled
references (pronouns, "its", "the ministry", "the country", bare titles) with the
antecedent a reader would pick. The rules were tuned on COREF_DEV; each held-out
set was written before it was first run. ``pytest -s -k coref`` prints every
accuracy. First runs: held-out 22/23, held-out 2 14/18, held-out 3 15/16
(51/57 = 0.89); the misses then led to general fixes, so today's figures on
those sets are optimistic.
"""

from __future__ import annotations

import time

import pytest

from newsgraph.extract.actors.mentions import extract_actors, mention_at, ref_for, speaks_for_government
from newsgraph.model import ActorRef, Mention
from tests.conftest import seed_text


@pytest.fixture(scope="module")
def run(nlp):
    def parse_and_extract(text: str):
        doc = nlp(text)
        mentions = extract_actors(doc)
        for m in mentions:
            assert text[m.span.start : m.span.end] == m.span.text
            assert m.ref.text == m.span.text
        return doc, mentions

    return parse_and_extract


def find(mentions: list[Mention], text: str, nth: int = 0) -> Mention:
    hits = [m for m in mentions if m.span.text == text]
    assert len(hits) > nth, f"no mention {text!r} (#{nth}) in {[m.span.text for m in mentions]}"
    return hits[nth]


def ref(m: Mention) -> tuple:
    return (m.ref.name, m.ref.actor, m.ref.sector, m.ref.role)


# --- recognition ------------------------------------------------------------------------------


def test_title_before_a_name_sets_role_and_country(run):
    _, ms = run("Brazilian Foreign Minister Mauro Vieira flew to Lisbon on Monday. Vieira spoke to the press.")
    m = find(ms, "Brazilian Foreign Minister Mauro Vieira")
    assert m.kind == "name"
    assert ref(m) == ("Mauro Vieira", "BRA", "GOV", "Foreign Minister")
    assert ref(find(ms, "Vieira")) == ("Mauro Vieira", "BRA", "GOV", "Foreign Minister")


def test_title_modifiers_and_countries_written_as_codes(run):
    _, ms = run(
        "Argentine Deputy Prime Minister Julio Ramos met US President Joe Biden and "
        "UN Secretary-General Antonio Guterres in New York."
    )
    assert ref(find(ms, "Argentine Deputy Prime Minister Julio Ramos")) == (
        "Julio Ramos", "ARG", "GOV", "Deputy Prime Minister",
    )
    assert ref(find(ms, "US President Joe Biden")) == ("Joe Biden", "USA", "GOV", "President")
    assert ref(find(ms, "UN Secretary-General Antonio Guterres"))[:3] == ("Antonio Guterres", "UN", "GOV")


def test_title_in_apposition_after_the_name(run):
    _, ms = run("Sergio Mattarella, Italy's president, met the pope. Mattarella later left Rome.")
    assert ref(find(ms, "Sergio Mattarella"))[:2] == ("Sergio Mattarella", "ITA")
    assert find(ms, "president").ref.name == "Sergio Mattarella"
    assert find(ms, "Mattarella").ref.role == "President"


def test_organisation_title_in_apposition_without_comma(run):
    _, ms = run("Ursula von der Leyen the European Commission President visited Kyiv on Friday.")
    m = find(ms, "Ursula von der Leyen")
    assert (m.ref.actor, m.ref.sector, m.ref.role) == ("EU", "GOV", "President")


def test_secretary_of_state_is_a_title_not_a_place(run):
    _, ms = run("Earlier, she had talked with Secretary of State Antony Blinken about the crisis in Sudan.")
    assert not [m for m in ms if m.span.text == "State"]
    assert ref(find(ms, "Secretary of State Antony Blinken")) == ("Antony Blinken", "USA", "GOV", "Secretary of State")


def test_name_seen_as_person_is_a_person_everywhere(run):
    doc, ms = run(
        "Chilean President Gabriel Boric arrived in Lima. Under the Peruvian Constitution, Boric "
        "may not address Congress. Boric said the visit went well."
    )
    boric = [m for m in ms if m.span.text == "Boric"]
    assert len(boric) == 2
    assert all(ref(m) == ("Gabriel Boric", "CHL", "GOV", "President") for m in boric)


def test_metonyms_resolve_to_governments(run):
    _, ms = run(
        "Moscow and Beijing rejected the plan, the Kremlin said, while the White House and "
        "Downing Street backed it. Brussels stayed silent and the Pentagon sent ships."
    )
    got = {m.span.text: (m.kind, m.ref.actor, m.ref.sector) for m in ms}
    assert got["Moscow"] == ("metonym", "RUS", "GOV")
    assert got["Beijing"] == ("metonym", "CHN", "GOV")
    assert got["the Kremlin"] == ("metonym", "RUS", "GOV")
    assert got["the White House"] == ("metonym", "USA", "GOV")
    assert got["Downing Street"] == ("metonym", "GBR", "GOV")
    assert got["Brussels"] == ("metonym", "EU", "GOV")
    assert got["the Pentagon"] == ("metonym", "USA", "MIL")


def test_capital_as_a_location_has_no_sector(run):
    _, ms = run("The talks took place in Caracas last week.")
    assert (find(ms, "Caracas").ref.actor, find(ms, "Caracas").ref.sector) == ("VEN", None)


def test_capital_premodifying_a_common_noun_is_a_place(run):
    _, ms = run("The Moscow metro was shut, a shopkeeper said.")
    assert (find(ms, "Moscow").ref.actor, find(ms, "Moscow").ref.sector) == ("RUS", None)


def test_west_african_capitals(run):
    _, ms = run("Soldiers took control of Lomé, and Accra closed the border with Togo.")
    assert [(m.span.text, m.ref.actor) for m in ms] == [("Lomé", "TGO"), ("Accra", "GHA"), ("Togo", "TGO")]


def test_country_names_and_aliases(run):
    _, ms = run(
        "Russia, the United States, Britain, South Korea, Iran and Venezuela signed; the U.S. and "
        "the UK said America would lead."
    )
    got = {m.span.text: m.ref.actor for m in ms}
    assert got == {
        "Russia": "RUS", "the United States": "USA", "Britain": "GBR", "South Korea": "KOR", "Iran": "IRN",
        "Venezuela": "VEN", "the U.S.": "USA", "the UK": "GBR", "America": "USA",
    }
    assert find(ms, "the United States").ref.name == "United States"


def test_demonym_modifying_a_noun_gives_the_country(run):
    _, ms = run(
        "French special forces freed the hostages, and the Nigerian people celebrated. "
        "Analysts blamed Iranian influence."
    )
    assert ref(find(ms, "French special forces")) == ("French special forces", "FRA", "MIL", None)
    assert ref(find(ms, "the Nigerian people")) == ("Nigerian people", "NGA", "CVL", None)
    m = find(ms, "Iranian")
    assert (m.kind, m.ref.actor) == ("demonym", "IRN")


def test_regional_adjective_is_not_a_country(run):
    _, ms = run("South American leaders met in Brasilia.")
    assert not [m for m in ms if "American" in m.span.text]


def test_organisations(run):
    _, ms = run(
        "The European Union, NATO and the UN Security Council discussed it; the EU and the UN "
        "then called on the IAEA and the African Union."
    )
    got = {m.span.text: m.ref.actor for m in ms}
    assert got["The European Union"] == "EU"
    assert got["NATO"] == "NATO"
    assert got["the UN Security Council"] == "UNSC"
    assert got["the EU"] == "EU"
    assert got["the UN"] == "UN"
    assert got["the IAEA"] == "IAEA"
    assert got["the African Union"] == "AU"


def test_ministries_resolve_to_their_country(run):
    _, ms = run(
        "Chinese Foreign Minister Wang Yi held talks in Cairo. The Foreign Ministry said he "
        "had urged restraint. Later the ministry added that Beijing wanted calm."
    )
    assert ref(find(ms, "The Foreign Ministry"))[:3] == ("Chinese Foreign Ministry", "CHN", "GOV")
    assert find(ms, "the ministry").ref.actor == "CHN"


def test_department_of_justice_is_judicial(run):
    _, ms = run("The US Department of Justice charged two men on Tuesday.")
    assert ref(find(ms, "The US Department of Justice")) == ("US Department of Justice", "USA", "JUD", None)


def test_parliament_and_opposition_sectors(run):
    _, ms = run("The Georgian parliament passed the law, and Georgian opposition leader Nika Melia objected.")
    assert ref(find(ms, "The Georgian parliament"))[1:3] == ("GEO", "LEG")
    assert ref(find(ms, "Georgian opposition leader Nika Melia"))[1:3] == ("GEO", "OPP")


def test_generic_and_indefinite_titles_are_no_one(run):
    _, ms = run("Every country needs a president, and police were called. The Brazilian minister left.")
    assert [m.span.text for m in ms] == ["The Brazilian minister"]
    assert ref(ms[0]) == ("Brazilian Minister", "BRA", "GOV", "Minister")


def test_subnational_place_tells_whose_title(run):
    _, ms = run("Democrats in Congress cheered, and the Ohio governor said nothing.")
    assert ref(find(ms, "the Ohio governor"))[1:] == ("USA", "GOV", "Governor")
    assert not [m for m in ms if m.span.text == "Ohio"]


def test_country_after_the_name(run):
    _, ms = run("President Xi Jinping of China met President Emmanuel Macron of France.")
    assert ref(find(ms, "President Xi Jinping"))[:2] == ("Xi Jinping", "CHN")
    assert ref(find(ms, "President Emmanuel Macron"))[:2] == ("Emmanuel Macron", "FRA")


def test_honorific_keeps_family_members_apart(run):
    _, ms = run(
        "President Obama spoke first. Michelle Obama followed him, and Mr. Obama thanked her. "
        "Hillary Clinton came later; Hillary smiled."
    )
    assert find(ms, "Mr. Obama").ref.name == "Obama"
    assert find(ms, "Michelle Obama").ref.name == "Michelle Obama"
    assert find(ms, "her").ref.name == "Michelle Obama"
    assert find(ms, "Hillary").ref.name == "Hillary Clinton"


def test_possessive_pronoun_is_its_own_mention(run):
    _, ms = run("Sudan's army chief Abdel Fattah al-Burhan said his forces would fight on.")
    assert find(ms, "his").ref.name == "Abdel Fattah al-Burhan"
    assert ref(find(ms, "forces"))[1:3] == ("SDN", "MIL")
    assert ref(find(ms, "army chief Abdel Fattah al-Burhan")) == ("Abdel Fattah al-Burhan", "SDN", "MIL", "Army Chief")


def test_photo_credit_is_never_an_actor(run):
    _, ms = run("Crowds gathered in the square. Photograph: Ana Lopez/Reuters\n\nThe minister spoke later.")
    assert not [m for m in ms if "Photograph" in m.span.text or "Lopez" in m.span.text]


def test_empty_document(nlp):
    assert extract_actors(nlp("")) == []


# --- coreference ------------------------------------------------------------------------------


def test_pronouns_follow_subject_and_gender(run):
    _, ms = run("Angela Merkel met Emmanuel Macron in Paris. She told him the plan needed more work.")
    assert find(ms, "She").ref.name == "Angela Merkel"
    assert find(ms, "him").ref.name == "Emmanuel Macron"
    assert find(ms, "She").kind == "pronoun"


def test_pronoun_after_a_quote_goes_to_the_speaker(run):
    _, ms = run(
        "Polish President Andrzej Duda spoke on Sunday. “Nobody will tell Viktor Orban what to do,” "
        "he said."
    )
    assert find(ms, "he").ref.name == "Andrzej Duda"


def test_bare_title_and_country_nominals(run):
    _, ms = run(
        "Colombian President Gustavo Petro criticised the strikes. The president said the "
        "South American country would not be intimidated."
    )
    assert find(ms, "The president").ref.name == "Gustavo Petro"
    assert find(ms, "the South American country").ref.actor == "COL"


# Hand-labelled references: (text, mention text, occurrence, expected). Expected is a substring
# of the resolved name, or "=CODE" for the actor code.
COREF_DEV = [
    ("Japanese Prime Minister Fumio Kishida arrived in Seoul on Tuesday. He will meet South Korean "
     "President Yoon Suk Yeol on Wednesday, his office said.", [("He", 0, "Kishida"), ("his", 0, "Kishida")]),
    ("Finnish Foreign Minister Elina Valtonen spoke with her Turkish counterpart on Friday. She urged "
     "Ankara to approve the request quickly.", [("her", 0, "Valtonen"), ("She", 0, "Valtonen"), ("Ankara", 0, "=TUR")]),
    ("The Chinese foreign ministry criticised the decision. The ministry said Beijing would take measures "
     "to protect its interests.", [("The ministry", 0, "=CHN"), ("its", 0, "=CHN")]),
    ("Ukraine's defence ministry reported new drone attacks overnight. The ministry said air defences shot "
     "down most of them.", [("The ministry", 0, "=UKR")]),
    ("Kenyan President William Ruto hosted talks in Nairobi. Mr Ruto told reporters that the country was "
     "ready to send police officers to Haiti.", [("Mr Ruto", 0, "William Ruto"), ("the country", 0, "=KEN")]),
    ("Angela Merkel met Emmanuel Macron in Paris. She told him the plan needed more work.",
     [("She", 0, "Merkel"), ("him", 0, "Macron")]),
    ("Argentina's economy minister travelled to Washington. The South American nation is seeking a new "
     "loan from the International Monetary Fund.", [("The South American nation", 0, "=ARG")]),
    ("Israeli Prime Minister Benjamin Netanyahu spoke with US Secretary of State Antony Blinken. Blinken "
     "said he had stressed the need to protect civilians.", [("he", 0, "Blinken")]),
    ("Polish President Andrzej Duda said on Thursday that he would veto the bill. The president has "
     "clashed with the government for months.", [("he", 0, "Duda"), ("The president", 0, "Duda")]),
    ("The Pentagon said American troops had left the base. Its spokesman declined to give details.",
     [("Its", 0, "=USA"), ("spokesman", 0, "=USA")]),
    ("Nigeria's foreign minister met his Ghanaian counterpart in Abuja. He said both countries would "
     "cooperate on security.", [("his", 0, "=NGA"), ("He", 0, "=NGA")]),
    ("Sudan's army chief Abdel Fattah al-Burhan rejected the proposal. The general said his forces would "
     "keep fighting.", [("The general", 0, "Burhan"), ("his", 0, "Burhan")]),
    ("Venezuelan opposition leader Maria Corina Machado thanked supporters. She said she would return to "
     "Caracas soon.", [("She", 0, "Machado"), ("she", 0, "Machado")]),
    ("Russian President Vladimir Putin spoke with Chinese leader Xi Jinping by phone. The Kremlin said "
     "the two leaders discussed trade.", [("The Kremlin", 0, "=RUS")]),
    ("British Foreign Secretary David Lammy arrived in Kyiv. The Foreign Office said he would meet "
     "Ukrainian officials.", [("The Foreign Office", 0, "=GBR"), ("he", 0, "Lammy"), ("Ukrainian officials", 0, "=UKR")]),
    ("“Our position has not changed,” said Wang Yi, China's top diplomat. He added that dialogue was the "
     "only way forward.", [("He", 0, "Wang Yi")]),
    ("The EU's foreign policy chief Kaja Kallas called for calm. She said the bloc was ready to help.",
     [("She", 0, "Kallas")]),
    ("French President Emmanuel Macron and German Chancellor Friedrich Merz issued a joint statement. "
     "Macron said he was concerned.", [("he", 0, "Macron")]),
    ("The South Korean defence ministry said North Korea fired two missiles. The ministry said it was "
     "analysing the launch.", [("The ministry", 0, "=KOR")]),
]

# Written at the same time as COREF_DEV and not looked at while tuning the rules.
COREF_HELDOUT = [
    ("Mexican President Claudia Sheinbaum said on Monday that her government would not accept foreign "
     "troops. She added that Mexico would defend its sovereignty.",
     [("her", 0, "Sheinbaum"), ("She", 0, "Sheinbaum"), ("its", 0, "=MEX")]),
    ("Indian Prime Minister Narendra Modi met Australian Prime Minister Anthony Albanese in New Delhi. Modi "
     "said he hoped trade would grow.", [("he", 0, "Modi")]),
    ("The Egyptian foreign ministry condemned the raid. In a statement, the ministry urged the international "
     "community to act.", [("the ministry", 0, "=EGY")]),
    ("Colombia's president Gustavo Petro criticised the strikes. The president said the country would not "
     "be intimidated.", [("The president", 0, "Petro"), ("the country", 0, "=COL")]),
    ("German Foreign Minister Annalena Baerbock met her Chinese counterpart Wang Yi in Berlin. She pressed "
     "him on trade.", [("her", 0, "Baerbock"), ("She", 0, "Baerbock"), ("him", 0, "Wang Yi")]),
    ("Turkish officials said President Recep Tayyip Erdogan would attend the summit. Erdogan has said he "
     "wants to mediate.", [("he", 0, "Erdogan")]),
    ("Cuba's government said the blockade had caused shortages. Havana called on Washington to lift it.",
     [("Havana", 0, "=CUB"), ("Washington", 0, "=USA")]),
    ("The Saudi crown prince received the US envoy in Riyadh. He said the kingdom wanted stability.",
     [("He", 0, "=SAU")]),
    ("Brazil's foreign minister Mauro Vieira said Brasilia was following events closely. He said the Latin "
     "American country favoured dialogue.", [("He", 0, "Vieira"), ("the Latin American country", 0, "=BRA")]),
    ("Ukrainian President Volodymyr Zelensky thanked Britain for its support. He said his country needed "
     "more air defence.", [("its", 0, "=GBR"), ("He", 0, "Zelensky"), ("his", 0, "Zelensky")]),
    ("Hungarian Prime Minister Viktor Orban met Slovak Prime Minister Robert Fico. Orban told reporters "
     "that he opposed new sanctions.", [("he", 0, "Orban")]),
    ("South Africa's foreign ministry said it had summoned the Israeli ambassador. The ministry said the "
     "envoy was told of its concerns.",
     [("The ministry", 0, "=ZAF"), ("the envoy", 0, "=ISR"), ("its", 0, "=ZAF")]),
]


# A second held-out set, written after the first had been run once, and run only at the end.
COREF_HELDOUT_2 = [
    ("Iraqi Prime Minister Mohammed Shia al-Sudani met Iranian President Masoud Pezeshkian in Baghdad. The "
     "prime minister said Iraq would not be a launchpad for attacks.", [("The prime minister", 0, "Sudani")]),
    ("“We are ready to talk,” the Venezuelan foreign minister said on Sunday. He did not give details.",
     [("the Venezuelan foreign minister", 0, "=VEN"), ("He", 0, "=VEN")]),
    ("Chancellor Friedrich Merz said Germany would send more air defence systems. Berlin has already "
     "delivered three.", [("Berlin", 0, "=DEU"), ("Chancellor Friedrich Merz", 0, "=DEU")]),
    ("The Japanese government protested to Beijing after Chinese coast guard ships entered its waters. Tokyo "
     "said it would respond calmly.", [("its", 0, "=JPN"), ("Tokyo", 0, "=JPN")]),
    ("Maduro's wife, Cilia Flores, was also detained. She appeared in court in New York on Monday.",
     [("She", 0, "Cilia Flores")]),
    ("The Israeli military said it had struck targets in Lebanon. The army said the strikes hit weapons "
     "depots.", [("The Israeli military", 0, "=ISR"), ("The army", 0, "=ISR")]),
    ("Kazakh President Kassym-Jomart Tokayev arrived in Moscow for talks with Vladimir Putin. The Kazakh "
     "leader said relations were strong.", [("The Kazakh leader", 0, "Tokayev")]),
    ("A spokesperson for the UN Secretary-General said he was alarmed by the reports.", [("he", 0, "=UN")]),
    ("Norway's foreign minister Espen Barth Eide said Oslo would recognise the state. Eide told reporters "
     "the decision was final.", [("Eide", 0, "Espen Barth Eide"), ("Oslo", 0, "=NOR")]),
    ("The Philippine coast guard said Chinese vessels fired water cannon at its boats. Manila lodged a "
     "protest.", [("its", 0, "=PHL"), ("Manila", 0, "=PHL")]),
    ("Kim Jong Un inspected a missile factory, state media said. The North Korean leader called for more "
     "production.", [("The North Korean leader", 0, "Kim Jong Un")]),
    ("Senator Lindsey Graham said he would introduce a sanctions bill. The South Carolina Republican said "
     "Russia must pay.", [("he", 0, "Graham")]),
]


# A third set, written after every rule above was settled and run once for the figure reported.
COREF_HELDOUT_3 = [
    ("Spanish Prime Minister Pedro Sanchez called the attack unacceptable. He said Madrid would raise the issue "
     "at the EU.", [("He", 0, "Sanchez"), ("Madrid", 0, "=ESP")]),
    ("The Iranian foreign ministry summoned the British ambassador on Tuesday. The ministry said it had "
     "protested the seizure of its tanker.", [("The ministry", 0, "=IRN"), ("its", 0, "=IRN")]),
    ("Ecuador's president Daniel Noboa declared a state of emergency. Noboa said his government would not "
     "negotiate with gangs.", [("Noboa", 0, "Daniel Noboa"), ("his", 0, "Noboa")]),
    ("Russian Defence Minister Andrei Belousov visited troops in the Kursk region. The minister said the "
     "operation was going to plan.", [("The minister", 0, "Belousov")]),
    ("Nicaraguan President Daniel Ortega expelled the envoy. Managua accused the diplomat of interfering in its "
     "affairs.", [("Managua", 0, "=NIC"), ("its", 0, "=NIC")]),
    ("The Dutch government said it would send two frigates. Defence Minister Ruben Brekelmans told reporters "
     "the ships would leave in March.", [("Defence Minister Ruben Brekelmans", 0, "=NLD")]),
    ("Liz Truss met Canadian Prime Minister Justin Trudeau in Ottawa. She told him Britain would stand by "
     "Ukraine.", [("She", 0, "Truss"), ("him", 0, "Trudeau")]),
    ("Pakistan's army said its troops had killed six militants. The military said the operation was "
     "continuing.", [("its", 0, "=PAK"), ("The military", 0, "=PAK")]),
    ("The Cuban government blamed the blackout on the US embargo. Havana said the country's grid needed "
     "investment.", [("the country", 0, "=CUB")]),
    ("UN Secretary-General Antonio Guterres urged both sides to stop fighting. He said the UN was ready to "
     "help.", [("He", 0, "Guterres")]),
]


def score(nlp, cases) -> tuple[int, int, list[str]]:
    """How many labelled references resolve as expected, and the misses."""
    right, total, misses = 0, 0, []
    for text, labels in cases:
        mentions = extract_actors(nlp(text))
        for anchor, nth, expected in labels:
            total += 1
            hits = [m for m in mentions if m.span.text == anchor]
            got = hits[nth].ref if len(hits) > nth else None
            ok = got is not None and (
                got.actor == expected[1:] if expected.startswith("=") else expected in got.name
            )
            right += ok
            if not ok:
                misses.append(f"{anchor!r} in {text[:40]!r}...: {got}")
    return right, total, misses


def test_coref_dev(nlp):
    right, total, misses = score(nlp, COREF_DEV)
    print(f"\ncoref dev: {right}/{total} = {right / total:.2f}", *misses, sep="\n  ")
    assert right / total >= 0.9, misses


def test_coref_heldout(nlp):
    right, total, misses = score(nlp, COREF_HELDOUT)
    print(f"\ncoref held-out: {right}/{total} = {right / total:.2f}", *misses, sep="\n  ")
    assert right / total >= 0.75, misses


def test_coref_heldout_2(nlp):
    right, total, misses = score(nlp, COREF_HELDOUT_2)
    print(f"\ncoref held-out 2: {right}/{total} = {right / total:.2f}", *misses, sep="\n  ")
    assert right / total >= 0.6, misses


def test_coref_heldout_3(nlp):
    right, total, misses = score(nlp, COREF_HELDOUT_3)
    print(f"\ncoref held-out 3: {right}/{total} = {right / total:.2f}", *misses, sep="\n  ")
    assert right / total >= 0.6, misses


# --- helpers for other extractors -------------------------------------------------------------


def test_mention_at_prefers_covering_then_longest(run):
    text = "Russian Foreign Minister Sergey Lavrov called Kenya and the United States."
    doc, ms = run(text)
    lavrov = find(ms, "Russian Foreign Minister Sergey Lavrov")
    at = text.index("Lavrov")
    assert mention_at(ms, at, at + 6) is lavrov
    assert mention_at(ms, text.index("called"), len(text)).span.text == "the United States"
    assert mention_at(ms, text.index("called"), text.index("called") + 6) is None


def test_ref_for_tokens_and_spans(run):
    doc, ms = run("The head of the Russian Foreign Ministry spoke, and the people of Chad listened.")
    minister = next(t for t in doc if t.text == "Ministry")
    assert ref_for(ms, minister).actor == "RUS"
    people = next(t for t in doc if t.text == "people")
    assert ref_for(ms, people).actor == "TCD"
    assert ref_for(ms, doc[0:1]) is None


def test_speaks_for_government():
    assert speaks_for_government(ActorRef("x", "Sergey Lavrov", "RUS", "GOV", "Foreign Minister"))
    assert speaks_for_government(ActorRef("x", "Washington", "USA", "GOV", None))
    assert speaks_for_government(ActorRef("x", "Delcy Rodriguez", "VEN", "GOV", "Executive Vice President"))
    assert speaks_for_government(ActorRef("x", "Maria Zakharova", "RUS", "GOV", "Foreign Ministry Spokeswoman"))
    assert not speaks_for_government(ActorRef("x", "Nika Melia", "GEO", "OPP", "Opposition Leader"))
    assert not speaks_for_government(ActorRef("x", "Joe Biden", "USA", "GOV", "Former President"))
    assert not speaks_for_government(ActorRef("x", "Russia", "RUS", None, None))


# --- the seeds --------------------------------------------------------------------------------


seed_body = seed_text


@pytest.fixture(scope="module")
def seed_actors(seeds, nlp):
    out = {}
    for path in sorted(seeds.glob("*.txt")):
        text = seed_body(path)
        out[path.name[:3]] = (text, extract_actors(nlp(text)))
    return out


def at(seed, phrase: str, nth: int = 0, after: str | None = None) -> Mention:
    """The mention whose text is ``phrase`` (the nth, or the first after the string ``after``)."""
    text, mentions = seed
    start = text.index(after) if after else 0
    hits = [m for m in mentions if m.span.text == phrase and m.span.start >= start]
    assert len(hits) > nth, (phrase, after)
    return hits[nth]


def test_seed_spans_are_verbatim(seed_actors, seeds, nlp):
    for text, mentions in seed_actors.values():
        assert mentions
        assert all(text[m.span.start : m.span.end] == m.span.text for m in mentions)
        assert all(a.span.end <= b.span.start for a, b in zip(mentions, mentions[1:]))  # sorted, no overlaps
    for path in seeds.glob("*.txt"):  # the raw files too, title and caption included
        raw = path.read_text(encoding="utf-8")
        assert all(raw[m.span.start : m.span.end] == m.span.text for m in extract_actors(nlp(raw)))


def test_seed_000_persons(seed_actors):
    seed = seed_actors["000"]
    lavrov = at(seed, "Lavrov")
    assert ref(lavrov) == ("Sergey Lavrov", "RUS", "GOV", "Foreign Minister")
    assert ref(at(seed, "Russian Foreign Minister Sergey Lavrov")) == ("Sergey Lavrov", "RUS", "GOV", "Foreign Minister")
    assert ref(at(seed, "Venezuelan Executive Vice President Delcy Rodriguez")) == (
        "Delcy Rodriguez", "VEN", "GOV", "Executive Vice President",
    )
    assert ref(at(seed, "US President Donald Trump")) == ("Donald Trump", "USA", "GOV", "President")
    assert ref(at(seed, "Trump")) == ("Donald Trump", "USA", "GOV", "President")
    assert at(seed, "Rodriguez", after="Constitution").ref.name == "Delcy Rodriguez"
    assert at(seed, "Maduro", after="run and").ref.name == "Nicolas Maduro"


def test_seed_000_coreference(seed_actors):
    seed = seed_actors["000"]
    he = at(seed, "he", after="left off")
    assert (he.ref.name, he.ref.actor) == ("Donald Trump", "USA")
    assert he.span.end == seed[0].index(" told Fox News")
    assert at(seed, "the ministry").ref.actor == "RUS"
    for ministry in [m for m in seed[1] if m.span.text == "the Foreign Ministry"]:
        assert (ministry.ref.actor, ministry.ref.sector) == ("RUS", "GOV")
    assert (at(seed, "Moscow").ref.actor, at(seed, "Washington").ref.actor) == ("RUS", "USA")
    assert at(seed, "Washington").ref.sector == "GOV"
    assert at(seed, "the South American nation").ref.actor == "VEN"
    assert at(seed, "his", after="leading to").ref.name == "Nicolas Maduro"
    assert at(seed, "the Venezuelan president").ref.name == "Nicolas Maduro"
    assert at(seed, "its", after="illegally").ref.actor == "VEN"
    assert at(seed, "American special forces").ref.sector == "MIL"
    assert ref(at(seed, "The US Department of Justice"))[1:3] == ("USA", "JUD")


def test_seed_003(seed_actors):
    seed = seed_actors["003"]
    she = at(seed, "she")
    assert (she.ref.name, she.ref.actor) == ("Kaja Kallas", "EU")
    kallas = at(seed, "Kaja Kallas")
    assert ref(kallas) == ("Kaja Kallas", "EU", "GOV", "High Representative for Foreign Affairs")
    rubio = [m for m in seed[1] if "Marco Rubio" in m.span.text][0]
    assert ref(rubio) == ("Marco Rubio", "USA", "GOV", "Secretary of State")
    assert not [m for m in seed[1] if m.span.text == "State"]
    assert at(seed, "The Russian foreign ministry").ref.actor == "RUS"
    assert at(seed, "The Russian Federation").ref.actor == "RUS"
    assert at(seed, "the UN Security Council").ref.actor == "UNSC"
    assert at(seed, "Mr Maduro").ref.name == "Nicolas Maduro"


def test_seed_003_caption_gives_no_actor(seeds, nlp):
    raw = (seeds / "003_00cd364b8f01fd43.txt").read_text(encoding="utf-8")
    caption = next(p for p in raw.split("\n\n") if p.startswith("IMAGE:"))
    start = raw.index(caption)
    mentions = extract_actors(nlp(raw))
    assert not [m for m in mentions if start <= m.span.start < start + len(caption)]
    assert not [m for m in mentions if "Photograph" in m.span.text]


def test_actors_cost_a_small_fraction_of_parsing(seed_actors, seeds, nlp):
    texts = [seed_body(p) for p in sorted(seeds.glob("*.txt"))]
    started = time.perf_counter()
    docs = [nlp(t) for t in texts]
    parsing = time.perf_counter() - started
    started = time.perf_counter()
    for doc in docs:
        extract_actors(doc)
    extracting = time.perf_counter() - started
    assert extracting < 0.2 * parsing


def test_minister_takes_country_of_ministry_named_before_not_most_named(nlp):
    text = (
        "Iranian television said the tanker was held after it struck an Iranian boat. Iranian officials agreed.\n\n"
        "Greece's foreign ministry summoned Iran's ambassador on Monday. "
        "Foreign Minister Stavros Kalogeropoulos called the boarding piracy."
    )
    mentions = extract_actors(nlp(text))
    minister = next(m for m in mentions if m.ref.name == "Stavros Kalogeropoulos")
    assert (minister.ref.actor, minister.ref.role) == ("GRC", "Foreign Minister")
    ambassador = next(m for m in mentions if m.span.text == "ambassador")
    assert ambassador.ref.actor == "IRN"


def test_unplaced_minister_takes_the_country_that_was_the_subject_just_before(nlp):
    text = (
        "The Togolese foreign ministry said the transition would be short. Togo's new rulers imposed a curfew.\n\n"
        "France condemned the putsch in the strongest terms. "
        "“France firmly condemns the seizure of power,” Foreign Minister Claire Dumesnil said in a statement. "
        "She added that Paris was concerned."
    )
    refs = {(m.span.text, m.ref.name, m.ref.actor) for m in extract_actors(nlp(text)) if m.ref.role}
    assert refs == {
        ("Foreign Minister Claire Dumesnil", "Claire Dumesnil", "FRA"),
        ("She", "Claire Dumesnil", "FRA"),
    }


def test_he_after_a_new_speakers_paragraph_is_that_speaker(nlp) -> None:
    # an earlier speaker named and then quoted with "he" must not outweigh the subject of the
    # paragraph just begun: each sentence back halves the subject bonus too
    text = (
        'Moldovan presidential adviser Ion Rusu said Chisinau had accepted the truce "in good faith and from '
        'a position of strength".\n\n'
        "“Moldova never wanted this escalation. We responded to a provocation, and we are ready to stop the "
        "moment the other side stops,” he said.\n\n"
        'Romanian Prime Minister Victor Marin told parliament that the ceasefire was "only the first step". '
        '"A truce that nobody investigates is a truce that will be broken," he said, adding that Bucharest '
        "would ask for monitors."
    )
    pronouns = [m for m in extract_actors(nlp(text)) if m.span.text == "he"]
    assert [(m.span.start, m.ref.name, m.ref.actor) for m in pronouns] == [
        (text.index(",” he said") + 3, "Ion Rusu", "MDA"),
        (text.index(',\" he said') + 3, "Victor Marin", "ROU"),
    ]
