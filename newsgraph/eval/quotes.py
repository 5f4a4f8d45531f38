"""Quote attribution measured against PolNeAR (political news attribution relations).

Read ``../shared/data/quotes``: the article texts of a split and its gold
attributions (source, cue and content spans). The definitions of the figures
are in docs/EVALUATION.md; in short:

- *speaker attribution*: on gold attributions whose content is in quotation
  marks, a quote we find must overlap the gold content and name a speaker whose
  span overlaps the gold source span;
- *content overlap*: over all attributions, a predicted quote matches a gold
  one when their content spans overlap; token-level overlap is reported too.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, DocBin

from newsgraph.model import Quote

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "quotes"

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated attribution: character spans of its source, cue and content."""

    source: Spans
    cue: Spans
    content: Spans


@dataclass(slots=True)
class GoldDoc:
    name: str
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)


def _spans(raw: Iterable[Sequence[int]] | None) -> Spans:
    return tuple((int(s), int(e)) for s, e in (raw or ()))


def load_polnear(split: str = "dev", root: Path | None = None) -> list[GoldDoc]:
    """Gold documents of one split, one annotator per document.

    Two articles per split were annotated by every annotator (for agreement);
    we keep the alphabetically first annotator so no attribution counts twice.
    """
    root = root or DATA
    path = root / f"polnear_{split}_attributions.jsonl"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: PolNeAR data lives in ../shared/data/quotes")
    by_doc: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            by_doc[row["doc"]][row["annotator"]].append(row)
    docs: list[GoldDoc] = []
    for name in sorted(by_doc):
        text = (root / "polnear" / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
        rows = by_doc[name][min(by_doc[name])]
        gold = GoldDoc(name, text)
        for row in rows:
            content = _spans(row.get("content_spans"))
            if not content:
                continue  # an empty placeholder row: no attribution
            gold.attributions.append(
                GoldAttribution(_spans(row.get("source_spans")), _spans(row.get("cue_spans")), content)
            )
        docs.append(gold)
    return docs


def parse_cached(texts: Sequence[str], cache_dir: Path | None = None) -> list[Doc]:
    """Parse texts once and keep the Docs in a DocBin under the temp dir.

    Evaluating is run again and again while rules change; the parse does not.
    The cache key covers the texts and the pipeline's name and version.
    """
    from newsgraph import nlp

    pipeline = nlp.load()
    key = hashlib.sha256()
    key.update(f"{pipeline.meta.get('name')}-{pipeline.meta.get('version')}".encode())
    for text in texts:
        key.update(hashlib.sha256(text.encode("utf-8")).digest())
    folder = cache_dir or Path(tempfile.gettempdir()) / "newsgraph-parse-cache"
    path = folder / f"{key.hexdigest()[:20]}.spacy"
    if path.is_file():
        try:
            return list(DocBin().from_disk(path).get_docs(pipeline.vocab))
        except (OSError, ValueError):
            pass  # a damaged cache file: parse again
    docs = list(nlp.parse_many(texts))
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # two runs at once never write the same file
    DocBin(store_user_data=False, docs=docs).to_disk(tmp)
    tmp.replace(path)
    return docs


# --- matching ----------------------------------------------------------------------------------

_OPENERS = "“«„"
_CLOSERS = "”»"
FLOORS = {"speaker_attribution_f1": 0.80, "content_overlap_f1": 0.75}


def quoted_chars(text: str) -> bytearray:
    """1 for every character between double quotation marks, paragraph by paragraph.

    Deliberately independent of the extractor's own mark finder: it only
    decides which gold attributions count as "in quotation marks".
    """
    inside = bytearray(len(text))
    state = False
    for i, ch in enumerate(text):
        if ch == "\n":
            state = False
        elif ch in _OPENERS:
            state = True
        elif ch in _CLOSERS:
            state = False
        elif ch == '"':
            state = not state
        elif state:
            inside[i] = 1
    return inside


def is_quoted(text: str, spans: Spans, inside: bytearray) -> bool:
    """True when at least half the content's non-space characters lie between quotation marks."""
    chars = [i for s, e in spans for i in range(s, e) if not text[i].isspace() and text[i] not in '"“”«»„']
    return bool(chars) and sum(inside[i] for i in chars) * 2 >= len(chars)


def _overlaps(a: Spans, b: Spans) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _prf(found: int, gold: int, correct: int, predicted: int) -> dict[str, float | int]:
    recall = found / gold if gold else 0.0
    precision = correct / predicted if predicted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gold": gold,
        "found": found,
        "recall": round(recall, 4),
        "predicted": predicted,
        "correct": correct,
        "precision": round(precision, 4),
        "f1": round(f1, 4),
    }


@dataclass(slots=True)
class _Tally:
    """Counts for one group of gold attributions and predicted quotes."""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0

    def add(self, other: "_Tally") -> None:
        self.gold += other.gold
        self.found += other.found
        self.predicted += other.predicted
        self.correct += other.correct

    def result(self) -> dict[str, float | int]:
        return _prf(self.found, self.gold, self.correct, self.predicted)


def _cue_kind(doc: Doc, spans: Spans) -> str:
    """The lexicon kind of a gold cue (any of its words), or 'not in lexicon'."""
    from newsgraph.extract.quotes.cues import cue_lexicon

    lexicon = cue_lexicon()
    if not spans:
        return "none"
    span = doc.char_span(spans[0][0], spans[-1][1], alignment_mode="expand")
    if span is None:
        return "not in lexicon"
    text = span.text.strip().lower()
    if text in {":", "―", "—"}:
        return "punctuation"
    for tok in span:
        entry = lexicon.get(tok.lemma_.lower()) or lexicon.get(tok.lower_)
        if entry is not None:
            return entry.kind
    return "not in lexicon"


def _pred_kind(quote: Quote, doc: Doc) -> str:
    from newsgraph.extract.quotes.cues import cue_lexicon

    if quote.cue is None:
        return "continued" if quote.speaker_span is not None else "no cue"
    span = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
    lexicon = cue_lexicon()
    for tok in span or ():
        entry = lexicon.get(tok.lemma_.lower()) or lexicon.get(tok.lower_)
        if entry is not None:
            return entry.kind
    return "unlisted cue"  # a verb or colon next to the quote, not in the lexicon


def score_document(gold: GoldDoc, doc: Doc, quotes: Sequence[Quote]) -> dict[str, Any]:
    """Counts for one document; ``run_eval_quotes`` sums them."""
    text = gold.text
    inside = quoted_chars(text)
    preds = [((q.content.start, q.content.end),) for q in quotes]
    speakers = [((q.speaker_span.start, q.speaker_span.end),) if q.speaker_span else () for q in quotes]
    golds = gold.attributions
    quoted = [is_quoted(text, g.content, inside) for g in golds]

    speaker = _Tally()
    content = _Tally()
    by_direct: dict[str, _Tally] = defaultdict(_Tally)
    by_kind: dict[str, _Tally] = defaultdict(_Tally)
    for g, is_q in zip(golds, quoted):
        hit = any(_overlaps(p, g.content) for p in preds)
        content.gold += 1
        content.found += hit
        side = by_direct["in quotation marks" if is_q else "not in quotation marks"]
        side.gold += 1
        side.found += hit
        kind = by_kind[_cue_kind(doc, g.cue)]
        kind.gold += 1
        kind.found += hit
        if is_q and g.source:
            speaker.gold += 1
            speaker.found += any(
                _overlaps(p, g.content) and s and _overlaps(s, g.source) for p, s in zip(preds, speakers)
            )
    for q, p, s in zip(quotes, preds, speakers):
        matching = [g for g in golds if _overlaps(p, g.content)]
        hit = bool(matching)
        content.predicted += 1
        content.correct += hit
        side = by_direct["in quotation marks" if q.direct else "not in quotation marks"]
        side.predicted += 1
        side.correct += hit
        kind = by_kind[_pred_kind(q, doc)]
        kind.predicted += 1
        kind.correct += hit
        if q.direct and s:
            judged = [g for g in matching if g.source]
            if matching and not judged:
                continue  # the gold names no source here: nothing to judge the speaker against
            speaker.predicted += 1
            speaker.correct += any(_overlaps(s, g.source) for g in judged)

    covered_gold = _token_set(doc, [sp for g in golds for sp in g.content])
    covered_pred = _token_set(doc, [sp for p in preds for sp in p])
    return {
        "speaker": speaker,
        "content": content,
        "by_direct": by_direct,
        "by_kind": by_kind,
        "tokens": (len(covered_gold & covered_pred), len(covered_pred), len(covered_gold)),
    }


def _token_set(doc: Doc, spans: Iterable[tuple[int, int]]) -> set[int]:
    found: set[int] = set()
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="contract")
        if span is not None:
            found.update(t.i for t in span if not (t.is_punct or t.is_space))
    return found


def run_eval_quotes(
    split: str = "dev",
    *,
    sample: int | None = None,
    seed: int = 13,
    root: Path | None = None,
    extractor: Callable[[Doc], list[Quote]] | None = None,
    cues: str = "all",
) -> dict[str, Any]:
    """Evaluate quote extraction on a PolNeAR split and return plain numbers.

    ``sample`` evaluates that many documents drawn with ``seed`` (for a quick
    test); the figures in the docs are on the whole split. ``cues="manual"``
    leaves out the cues learned from PolNeAR train, to compare rules alone.
    Mentions are not needed: the scores compare speaker spans, not actors.
    """
    from newsgraph.extract.quotes.cues import build_lexicon, cue_rows
    from newsgraph.extract.quotes.attribution import extract_quotes, quotes_with_lexicon

    if cues not in {"all", "manual"}:
        raise ValueError(f"cues must be 'all' or 'manual', not {cues!r}")
    if extractor is None and cues == "manual":
        hand = build_lexicon(cue_rows(frozenset({"manual"})))
        extractor = lambda doc: quotes_with_lexicon(doc, [], hand)  # noqa: E731

    started = time.perf_counter()
    golds = load_polnear(split, root)
    if sample is not None and sample < len(golds):
        golds = sorted(random.Random(seed).sample(golds, sample), key=lambda g: g.name)
    docs = parse_cached([g.text for g in golds])
    run = extractor or (lambda doc: extract_quotes(doc, []))

    speaker, content = _Tally(), _Tally()
    by_direct: dict[str, _Tally] = defaultdict(_Tally)
    by_kind: dict[str, _Tally] = defaultdict(_Tally)
    overlap = pred_tokens = gold_tokens = 0
    predicted = 0
    for gold, doc in zip(golds, docs):
        quotes = run(doc)
        predicted += len(quotes)
        for q in quotes:
            for span in (q.content, q.cue, q.speaker_span):
                if span is not None and gold.text[span.start : span.end] != span.text:
                    raise AssertionError(f"span text does not match the article in {gold.name}: {span}")
        scores = score_document(gold, doc, quotes)
        speaker.add(scores["speaker"])
        content.add(scores["content"])
        for key, tally in scores["by_direct"].items():
            by_direct[key].add(tally)
        for key, tally in scores["by_kind"].items():
            by_kind[key].add(tally)
        o, p, g = scores["tokens"]
        overlap, pred_tokens, gold_tokens = overlap + o, pred_tokens + p, gold_tokens + g
    tokens = _prf(overlap, gold_tokens, overlap, pred_tokens)
    result: dict[str, Any] = {
        "split": split,
        "cues": cues,
        "documents": len(golds),
        "sample": sample,
        "gold_attributions": sum(len(g.attributions) for g in golds),
        "predicted_quotes": predicted,
        "speaker_attribution": speaker.result(),
        "content_overlap": content.result(),
        "content_tokens": {k: tokens[k] for k in ("precision", "recall", "f1")},
        "by_direct": {k: by_direct[k].result() for k in sorted(by_direct)},
        "by_cue_type": {k: by_kind[k].result() for k in sorted(by_kind, key=lambda k: -by_kind[k].gold)},
        "floors": dict(FLOORS),
        "seconds": round(time.perf_counter() - started, 1),
    }
    result["passed"] = (
        result["speaker_attribution"]["f1"] >= FLOORS["speaker_attribution_f1"]
        and result["content_overlap"]["f1"] >= FLOORS["content_overlap_f1"]
    )
    return result


def render_eval_quotes(result: dict[str, Any]) -> Any:
    """The result as Rich tables: the two headline figures, then direct/indirect and per cue type."""
    from rich.console import Group
    from rich.table import Table

    def fmt(x: float) -> str:
        return f"{x:.3f}"

    title = f"PolNeAR {result['split']}: {result['documents']} documents, {result['gold_attributions']} attributions"
    head = Table(title=title)
    for col in ("measure", "precision", "recall", "F1", "floor"):
        head.add_column(col, justify="right" if col != "measure" else "left")
    sa, co, tk = result["speaker_attribution"], result["content_overlap"], result["content_tokens"]
    head.add_row(
        "speaker attribution (quoted content)", fmt(sa["precision"]), fmt(sa["recall"]), fmt(sa["f1"]),
        f"≥ {result['floors']['speaker_attribution_f1']:.2f}",
    )
    head.add_row(
        "content overlap (all)", fmt(co["precision"]), fmt(co["recall"]), fmt(co["f1"]),
        f"≥ {result['floors']['content_overlap_f1']:.2f}",
    )
    head.add_row("content tokens (all)", fmt(tk["precision"]), fmt(tk["recall"]), fmt(tk["f1"]), "")

    def breakdown(name: str, rows: dict[str, dict[str, Any]]) -> Table:
        table = Table(title=name)
        for col in ("group", "gold", "found", "recall", "predicted", "correct", "precision", "F1"):
            table.add_column(col, justify="right" if col != "group" else "left")
        for key, r in rows.items():
            table.add_row(
                key, str(r["gold"]), str(r["found"]), fmt(r["recall"]), str(r["predicted"]),
                str(r["correct"]), fmt(r["precision"]), fmt(r["f1"]),
            )
        return table

    return Group(
        head,
        breakdown("content overlap: direct vs indirect (gold by its marks, predictions by their flag)", result["by_direct"]),
        breakdown("content overlap by cue type (gold by its cue word, predictions by theirs)", result["by_cue_type"]),
    )
