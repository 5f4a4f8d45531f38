"""Train the PLV event classifiers shipped in newsgraph/extract/events/models/: plv_events.joblib (the
type of a marked pair, which also types the candidate events) and plv_candidates.joblib (the detector:
which candidate pairs of a raw sentence are events).

    .venv/bin/python train/train_events.py            # report held-out scores, then train and save
    .venv/bin/python train/train_events.py --no-report

Data: ../shared/data/events/PLV_train.tsv (Zero-Shot-PLOVER, ACL 2024): the marked
sentence and gold root only; the file's silver/model-output columns are never read.
Seeded: the folds, the inner C search and the SVM all use --seed, so the same data
gives the same weights. Takes about a minute on one core.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsgraph.eval.events import evaluate_plv, read_plv  # noqa: E402
from newsgraph.extract.events import learnt  # noqa: E402
from newsgraph.extract.events.model import MODEL_PATH, examples, fit  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "events" / "PLV_train.tsv"


def train(data: Path, out: Path, seed: int) -> dict[str, object]:
    """Fit on every PLV sentence (C chosen by inner CV) and save the pipeline."""
    import joblib

    from newsgraph import nlp

    marks, gold = read_plv(data)
    docs = list(nlp.parse_many([m.text for m in marks]))
    model = fit(examples(docs, marks), gold, seed=seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, out, compress=3)
    return {"saved": str(out), "bytes": out.stat().st_size, "C": model.named_steps["svm"].C, "n": len(gold)}


def train_candidates(data: Path, out: Path, typer: Path, seed: int) -> dict[str, object]:
    """Fit the candidate detector on every PLV sentence (the pairs not marked are no event) and
    save it; the typer is the marked-pair classifier saved by train()."""
    import joblib

    from newsgraph import nlp
    from newsgraph.extract.actors.mentions import extract_actors

    marks, gold = read_plv(data)
    docs = list(nlp.parse_many([m.text for m in marks]))
    model = learnt.fit_candidates(docs, [extract_actors(d) for d in docs], marks, gold, seed=seed,
                                            typer=joblib.load(typer))
    joblib.dump(model.detector, out, compress=3)
    return {"saved": str(out), "bytes": out.stat().st_size, "n": len(gold)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--candidates-out", type=Path, default=learnt.MODEL_PATH)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-report", action="store_true", help="skip the held-out evaluation")
    args = parser.parse_args()
    if not args.data.exists():
        raise SystemExit(f"{args.data} not found: pass --data path/to/PLV_train.tsv")
    if not args.no_report:
        report = evaluate_plv(args.data, folds=args.folds, seed=args.seed)
        for method, result in report["methods"].items():
            print(f"held-out {method:10s} macro-F1 {result['macro_f1']:.3f}  accuracy {result['accuracy']:.3f}")
    print(json.dumps(train(args.data, args.out, args.seed)))
    print(json.dumps(train_candidates(args.data, args.candidates_out, args.out, args.seed)))


if __name__ == "__main__":
    main()
