"""Speed of the full conflictwatch pipeline against bare spaCy on the same text, in the same run.

    make bench            # or: .venv/bin/python benchmarks/speed.py [--words 40000] [--rounds 3]

Bare spaCy is the English model as shipped (tagger, parser, NER, lemmatizer); the full pipeline is
conflictwatch's engine (the same model plus our components, the clause and discourse stages and
geocoding). Both process the same reports with nlp.pipe; the best of several alternating rounds is
kept for each so that machine noise hits both alike. The last line is `ratio=0.NN` (full / bare).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import spacy

from conflictwatch import config
from conflictwatch.engine import Engine
from conflictwatch.geo import Geocoder
from conflictwatch.ingest import report_from_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"


def sample_texts() -> list[str]:
    texts = [json.loads(line)["text"] for line in (ROOT / "src/conflictwatch/examples/demo_reports.jsonl").open()]
    if SHARED.exists():
        texts += [p.read_text(encoding="utf-8") for p in sorted(SHARED.glob("*/article.txt"))]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=40000, help="words per round (default 40000)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    base = sample_texts()
    texts: list[str] = []
    while sum(len(t.split()) for t in texts) < args.words:
        texts.extend(base)
    words = sum(len(t.split()) for t in texts)
    reports = [report_from_text(t, origin=f"bench:{i}", doc_id=f"bench-{i}", published="2022-03") for i, t in enumerate(texts)]

    bare = spacy.load(config.model_name())
    with tempfile.TemporaryDirectory() as tmp:
        engine = Engine(geocoder=Geocoder(Path(tmp) / "gazetteer.sqlite"))
        list(engine.extract_many(reports[:2]))  # warm up: gazetteer, caches
        list(bare.pipe(texts[:2]))
        best_bare = best_full = float("inf")
        events = 0
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            for _doc in bare.pipe(texts, batch_size=16):
                pass
            best_bare = min(best_bare, time.perf_counter() - t0)
            t0 = time.perf_counter()
            events = sum(len(r.events) for r in engine.extract_many(reports, batch_size=16))
            best_full = min(best_full, time.perf_counter() - t0)
    print(f"text: {len(texts)} reports, {words} words per round, best of {args.rounds} rounds")
    print(f"bare spaCy {config.model_name()} ({', '.join(bare.pipe_names)}): {words / best_bare:,.0f} words/s")
    print(f"full conflictwatch pipeline: {words / best_full:,.0f} words/s ({events} events per round)")
    print(f"ratio={best_bare / best_full:.2f}")


if __name__ == "__main__":
    main()
