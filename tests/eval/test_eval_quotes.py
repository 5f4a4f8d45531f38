"""The PolNeAR quote evaluation: its definitions on a hand-made document, then the floors on dev."""

from __future__ import annotations

import io

import pytest

from newsgraph.eval.quotes import FLOORS, GoldAttribution, GoldDoc, is_quoted, quoted_chars, render_eval_quotes, run_eval_quotes, score_document
from newsgraph.model import Quote, Span

TEXT = (
    "“The bridge stays shut,” the mayor said. "
    "Engineers said the cracks were growing. "
    "Residents were angry."
)


def spans(text: str, phrase: str) -> tuple[tuple[int, int], ...]:
    start = text.index(phrase)
    return ((start, start + len(phrase)),)


def gold() -> GoldDoc:
    return GoldDoc(
        "own",
        TEXT,
        [
            GoldAttribution(spans(TEXT, "the mayor"), spans(TEXT, "said"), spans(TEXT, "“The bridge stays shut,”")),
            GoldAttribution(spans(TEXT, "Engineers"), spans(TEXT, "said the"), spans(TEXT, "the cracks were growing")),
            GoldAttribution((), spans(TEXT, "were angry"), spans(TEXT, "Residents")),  # no source: not judged on speakers
        ],
    )


def quote(content: str, speaker: str | None, direct: bool) -> Quote:
    (c,) = spans(TEXT, content)
    who = None
    if speaker is not None:
        (s,) = spans(TEXT, speaker)
        who = Span.of(TEXT, *s)
    return Quote(Span.of(TEXT, *c), None, None, direct, who)


def test_quoted_means_mostly_between_marks() -> None:
    inside = quoted_chars(TEXT)
    g = gold()
    assert [is_quoted(TEXT, a.content, inside) for a in g.attributions] == [True, False, False]


def test_scores_follow_the_written_definitions(nlp) -> None:
    doc = nlp(TEXT)
    predicted = [
        quote("The bridge stays shut", "the mayor", True),  # right speaker, right content
        quote("the cracks were growing", "Engineers", False),  # indirect: counts for content only
        quote("Residents were angry", None, True),  # overlaps a sourceless gold: content yes, speaker not judged
    ]
    scores = score_document(gold(), doc, predicted)
    speaker, content = scores["speaker"].result(), scores["content"].result()
    assert (speaker["gold"], speaker["found"], speaker["predicted"], speaker["correct"]) == (1, 1, 1, 1)
    assert (content["gold"], content["found"], content["predicted"], content["correct"]) == (3, 3, 3, 3)

    wrong = [quote("The bridge stays shut", "Engineers", True), quote("Residents were angry", "Residents", True)]
    scores = score_document(gold(), doc, wrong)
    speaker = scores["speaker"].result()
    # the first names the wrong speaker; the second overlaps only a sourceless gold: not judged
    assert (speaker["gold"], speaker["found"], speaker["predicted"], speaker["correct"]) == (1, 0, 1, 0)
    content = scores["content"].result()
    assert (content["found"], content["correct"]) == (2, 2)


def test_dev_floors(shared) -> None:
    """The whole PolNeAR dev split (parsed once, then cached under the temp dir)."""
    if not (shared / "data" / "quotes" / "polnear_dev_attributions.jsonl").is_file():
        pytest.skip("PolNeAR dev is missing")
    result = run_eval_quotes("dev")
    assert result["documents"] == 84
    assert result["speaker_attribution"]["f1"] >= FLOORS["speaker_attribution_f1"]
    assert result["content_overlap"]["f1"] >= FLOORS["content_overlap_f1"]
    assert result["passed"]

    from rich.console import Console

    out = io.StringIO()
    Console(file=out, width=160).print(render_eval_quotes(result))
    assert "speaker attribution" in out.getvalue() and "by cue type" in out.getvalue()
