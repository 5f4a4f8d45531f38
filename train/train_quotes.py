"""Learn cue words of reported speech, and their frames, from PolNeAR train.

PolNeAR attributes far more than "said": "vowed to", "called for", "slammed",
"polls show". The hand-written cue list (``newsgraph/lang/en/cue_verbs.tsv``,
rows marked ``manual``) covers the core; this script adds (verb, frame) pairs
whose content, read by the same frame code the extractor uses, is a gold
attribution often enough on PolNeAR train. The precision threshold is chosen by
two-fold cross-validation over train documents (seeded), so PolNeAR dev is
never looked at; the learned rows are written back into the data file, marked
``train``. Run from the repository root:

    .venv/bin/python train/train_quotes.py           # report the cross-validated choice
    .venv/bin/python train/train_quotes.py --write   # and rewrite the learned rows
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from pathlib import Path

from newsgraph.eval.quotes import GoldDoc, _Tally, load_polnear, parse_cached, score_document
from newsgraph.extract.quotes.cues import FRAMES, ParsedArticle, build_lexicon, content_of, cue_rows, frame_content
from newsgraph.extract.quotes.attribution import quotes_with_lexicon

DATA_FILE = Path(__file__).resolve().parents[1] / "newsgraph" / "lang" / "en" / "cue_verbs.tsv"
MARKER = "# --- learned from PolNeAR train by train/train_quotes.py: do not edit below this line ---"
GRID = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7)
MIN_THRESHOLD = 0.5  # a learned reading must be right more often than not
Stats = dict[tuple[str, str], list[int]]  # (lemma, frame) -> [times the frame applies, times it is a gold attribution]


def frame_stats(golds: list[GoldDoc], docs: list) -> Stats:
    """How often each (verb, frame) reading yields content, and how often that is a gold attribution."""
    stats: Stats = defaultdict(lambda: [0, 0])
    manual = build_lexicon(cue_rows(frozenset({"manual"})))
    for gold, doc in zip(golds, docs):
        art = ParsedArticle(doc, {})
        cue_of: dict[int, list] = defaultdict(list)
        for attribution in gold.attributions:
            for start, end in attribution.cue:
                for i in art.token_range(start, end):
                    cue_of[i].append(attribution)
        for tok in doc:
            if tok.pos_ != "VERB" or tok.i in art.in_quote or any(c.dep_ == "neg" for c in tok.children):
                continue
            hand = manual.get(tok.lemma_.lower())
            if hand is not None and content_of(art, tok, hand) is not None:
                continue  # the hand-written frames read this one first: a learned frame would never be used
            frames = [f for f in FRAMES if f != "according"]
            frames += sorted({c.lower_ for c in tok.children if c.dep_ == "prep"})
            for frame in frames:
                span = frame_content(art, tok, frame)
                if span is None:
                    continue
                entry = stats[(tok.lemma_.lower(), frame)]
                entry[0] += 1
                entry[1] += any(s < span[1] and span[0] < e for a in cue_of.get(tok.i, ()) for s, e in a.content)
    return stats


def select(stats: Stats, threshold: float, min_hits: int) -> dict[tuple[str, str], tuple[float, int]]:
    """The (verb, frame) pairs to learn: not written by hand, frequent and precise enough."""
    manual = {(lemma, f) for lemma, _, frames in cue_rows(frozenset({"manual"})) for f in frames}
    chosen: dict[tuple[str, str], tuple[float, int]] = {}
    for key, (applies, hits) in stats.items():
        if key not in manual and hits >= min_hits and hits / applies >= threshold and key[0].isalpha():
            chosen[key] = (hits / applies, hits)
    return chosen


def lexicon_with(chosen: dict[tuple[str, str], tuple[float, int]]) -> dict:
    rows = [(lemma, kind, frames) for lemma, kind, frames in cue_rows(frozenset({"manual"}))]
    rows += [(lemma, "learned", [frame]) for lemma, frame in sorted(chosen)]
    return build_lexicon(rows)


def score(golds: list[GoldDoc], docs: list, lexicon: dict) -> dict[str, float]:
    speaker, content = _Tally(), _Tally()
    for gold, doc in zip(golds, docs):
        result = score_document(gold, doc, quotes_with_lexicon(doc, [], lexicon))
        speaker.add(result["speaker"])
        content.add(result["content"])
    return {"speaker_f1": speaker.result()["f1"], "content_f1": content.result()["f1"],
            "content_p": content.result()["precision"], "content_r": content.result()["recall"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--min-hits", type=int, default=3)
    parser.add_argument("--threshold", type=float, help="skip cross-validation and learn with this threshold")
    parser.add_argument("--min-threshold", type=float, default=MIN_THRESHOLD)
    parser.add_argument("--write", action="store_true", help="rewrite the learned rows of cue_verbs.tsv")
    args = parser.parse_args()

    golds = load_polnear("train")
    docs = parse_cached([g.text for g in golds])
    order = list(range(len(golds)))
    random.Random(args.seed).shuffle(order)
    folds = [sorted(order[0::2]), sorted(order[1::2])]
    parts = [([golds[i] for i in f], [docs[i] for i in f]) for f in folds]
    grid: tuple[float, ...] = GRID if args.threshold is None else ()
    fold_stats = [frame_stats(*part) for part in parts] if grid else []

    def cross_validated(threshold: float | None) -> dict[str, float]:
        totals: dict[str, float] = defaultdict(float)
        for k in (0, 1):
            chosen = {} if threshold is None else select(fold_stats[k], threshold, args.min_hits)
            for name, value in score(*parts[1 - k], lexicon_with(chosen)).items():
                totals[name] += value / 2
        return dict(totals)

    best: float | None = args.threshold
    if grid:
        baseline = cross_validated(None)
        print(f"hand-written cues only: {baseline}")
        best_scores = baseline
    for threshold in grid:
        scores = cross_validated(threshold)
        print(f"threshold {threshold:.2f}: {scores}")
        keeps_speakers = scores["speaker_f1"] >= baseline["speaker_f1"] - 0.005
        allowed = threshold >= args.min_threshold
        if allowed and keeps_speakers and scores["content_f1"] > best_scores["content_f1"]:
            best, best_scores = threshold, scores
    if best is None:
        print("no threshold beats the hand-written cues; nothing learned")
        chosen: dict[tuple[str, str], tuple[float, int]] = {}
    else:
        chosen = select(frame_stats(golds, docs), best, args.min_hits)
        print(f"chosen threshold {best:.2f}: {len(chosen)} (verb, frame) pairs from all of train")
    if args.write:
        text = DATA_FILE.read_text(encoding="utf-8")
        head = text.split(MARKER)[0].rstrip("\n") + "\n"
        how = "given on the command line" if args.threshold is not None else f"chosen by 2-fold CV on train, seed {args.seed}"
        lines = [MARKER, f"# threshold {best} ({how}), min hits {args.min_hits}"]
        for (lemma, frame), (precision, hits) in sorted(chosen.items()):
            lines.append(f"{lemma}\tlearned\t{frame}\ttrain p={precision:.2f} n={hits}")
        DATA_FILE.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {len(chosen)} learned rows to {DATA_FILE}")


if __name__ == "__main__":
    main()
