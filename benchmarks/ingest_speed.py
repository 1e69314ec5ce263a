"""Where ingest time goes: extraction, store writes (one commit per report vs batched), fusion.

    .venv/bin/python benchmarks/ingest_speed.py [--reports 400]

The same extracted reports are written to two fresh SQLite stores: once with ``Store.save`` (one
transaction per report, the old path) and once with ``Store.save_many`` (a commit per 50 reports,
a SAVEPOINT per report, the path ``conflictwatch ingest`` takes). The share of store writes in the
whole ingest is printed for both, then the time of ``review.refresh`` (fusion of every stored
event into incidents, with the analysts' corrections). Each report gets a distinct text (a numbered
line) so that no write is skipped as a duplicate.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from speed import SHARED, sample_texts  # benchmarks/speed.py: the demo reports and the seed report

from conflictwatch.engine import Engine
from conflictwatch.geo import Geocoder
from conflictwatch.ingest import report_from_text
from conflictwatch.review import refresh
from conflictwatch.store import Store


def news_texts() -> list[str]:
    """The speed benchmark's texts plus the English news reports of ../shared (whole articles)."""
    texts = sample_texts()
    if SHARED.exists():
        texts += [p.read_text(encoding="utf-8") for p in sorted(SHARED.glob("multi-report/*/*.txt"))
                  if not p.name.endswith("-fr.txt")]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=400)
    args = parser.parse_args()
    base = news_texts()
    texts = [f"{base[i % len(base)]}\n\n(bench copy {i})" for i in range(args.reports)]
    with tempfile.TemporaryDirectory() as tmp:
        engine = Engine(geocoder=Geocoder(Path(tmp) / "gazetteer.sqlite"))
        reports = [report_from_text(t, origin=f"bench:{i}", doc_id=f"bench-{i}", published="2022-03")
                   for i, t in enumerate(texts)]
        t0 = time.perf_counter()
        results = list(engine.extract_many(reports))
        extract_s = time.perf_counter() - t0
        events = sum(len(r.events) for r in results)

        one = Store(f"sqlite:///{tmp}/one.sqlite")
        t0 = time.perf_counter()
        for r in results:
            one.save(r)
        single_s = time.perf_counter() - t0

        many = Store(f"sqlite:///{tmp}/many.sqlite")
        t0 = time.perf_counter()
        saved = list(many.save_many(results))
        batch_s = time.perf_counter() - t0
        assert all(s.status == "new" for s in saved), "every bench report is new"

        t0 = time.perf_counter()
        incidents = refresh(many)
        fuse_s = time.perf_counter() - t0

    print(f"reports={len(reports)} events={events} words={sum(len(t.split()) for t in texts):,}")
    print(f"extract: {extract_s:.1f} s ({len(reports) / extract_s:.1f} reports/s)")
    print(f"store, one transaction per report: {single_s:.2f} s = {single_s / (extract_s + single_s):.0%} of ingest")
    print(f"store, batched commits (save_many): {batch_s:.2f} s = {batch_s / (extract_s + batch_s):.0%} of ingest")
    print(f"fusion into incidents (refresh): {fuse_s:.2f} s for {len(incidents)} incidents")


if __name__ == "__main__":
    main()
