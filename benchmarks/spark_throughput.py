"""Single-process ingest vs `conflictwatch spark ingest` on local[2]: the same events? Spark's fixed
overhead, throughput of each, and the projected cost of 100,000 articles a day per executor core.

    .venv/bin/python benchmarks/spark_throughput.py [--reports 2000] [--master 'local[2]']

The reports are whole news articles: the demo reports, the seed article(s) of ../shared/corpus and
the 70 reports of ../shared/corpus/multi-report (English and French), cycled, each copy made distinct
by a numbered line.

* single process: one Engine, `ingest_items` then `review.refresh` (what `conflictwatch ingest` runs:
  extraction, store writes, fusion into incidents) into a fresh SQLite store; the engine's load is
  timed apart.
* Spark: a fresh session on ``--master``; a job on 2 reports (the fixed overhead: session start, the
  engines loaded in the executors' Python workers, the stages and the writes), then the job on all
  the reports in the same session (its Python workers mostly keep their engines), then
  `conflictwatch load` of that output into a fresh store.
* the verdict: the events of the Parquet output equal, field for field, those the single process stored.
* the projection: the Spark job's core-seconds per report (wall time x cores / reports) for 100,000
  articles a day, as executor cores busy all day.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
ARTICLES_PER_DAY = 100_000


def news_texts() -> list[str]:
    texts = [json.loads(line)["text"] for line in (ROOT / "src/conflictwatch/examples/demo_reports.jsonl").open()
             if line.strip()]
    if CORPUS.exists():
        texts += [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*/article.txt"))]
        texts += [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("multi-report/*/*.txt"))]
    return texts


def write_jsonl(path: Path, texts: list[str]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(texts):
            fh.write(json.dumps({"id": f"bench-{i}", "text": text, "published": "2022-03"}, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    base = news_texts()
    texts = [f"{base[i % len(base)]}\n\n(bench copy {i})" for i in range(args.reports)]
    words = sum(len(t.split()) for t in texts)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data, tiny = tmp / "reports.jsonl", tmp / "tiny.jsonl"
        write_jsonl(data, texts)
        write_jsonl(tiny, texts[:2])
        gazetteer = tmp / "gazetteer.sqlite"

        # --- single process -----------------------------------------------------------------------
        from conflictwatch.engine import Engine
        from conflictwatch.geo import Geocoder
        from conflictwatch.ingest import read_jsonl
        from conflictwatch.read.pipeline import ingest_items
        from conflictwatch.review import refresh
        from conflictwatch.store import Store

        t0 = time.perf_counter()
        engine = Engine(geocoder=Geocoder(gazetteer))
        engine_s = time.perf_counter() - t0
        store = Store(f"sqlite:///{tmp}/single.sqlite")
        t0 = time.perf_counter()
        done = list(ingest_items(store, engine, read_jsonl(data)))
        extract_store_s = time.perf_counter() - t0
        refresh(store)  # the incidents, as `conflictwatch ingest` refreshes them
        single_s = time.perf_counter() - t0
        assert all(d.status == "new" for d in done), {d.status for d in done}
        single_events = store.events()

        # --- Spark --------------------------------------------------------------------------------
        from conflictwatch.spark import layout
        from conflictwatch.spark.job import IngestOptions, run_ingest
        from conflictwatch.spark.load import load
        from conflictwatch.spark.session import session

        t0 = time.perf_counter()
        spark = session(args.master, app_name="conflictwatch-bench")
        session_s = time.perf_counter() - t0
        cores = spark.sparkContext.defaultParallelism
        t0 = time.perf_counter()
        run_ingest(spark, IngestOptions(input=str(tiny), output=str(tmp / "tiny-out"), gazetteer=str(gazetteer)))
        tiny_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        summary = run_ingest(spark, IngestOptions(input=str(data), output=str(tmp / "out"), gazetteer=str(gazetteer)))
        spark_s = time.perf_counter() - t0
        spark.stop()
        t0 = time.perf_counter()
        loaded = load(tmp / "out", Store(f"sqlite:///{tmp}/loaded.sqlite"))
        load_s = time.perf_counter() - t0

        import pyarrow.dataset as ds

        rows = ds.dataset(str(tmp / "out" / layout.EVENTS), format="parquet", partitioning="hive").to_table().to_pylist()
        got = sorted((layout.event_of(r).model_dump(mode="json") for r in rows), key=lambda e: e["id"])
        want = sorted((e.model_copy(update={"mentions": []}).model_dump(mode="json") for e in single_events),
                      key=lambda e: e["id"])
        same = got == want

    n = args.reports
    extract_s = summary.stages.get("extract", spark_s)
    # core-seconds per article: the Spark job's marginal cost (its time less the job on 2 reports),
    # and its extraction stage alone; the single process's ingest, and its extraction and store writes
    job_cs = max(spark_s - tiny_s, 0.0) * cores / max(n - 2, 1)
    extract_cs = extract_s * cores / n
    single_cs, single_extract_cs = single_s / n, extract_store_s / n
    print(f"reports={n} words={words:,} events={len(single_events)} cores={cores} ({args.master})")
    print(f"same events (ids and fields): {'YES' if same else 'NO'} ({len(got)} in the Spark output, "
          f"{len(want)} stored by the single process)")
    print(f"single process: engine load {engine_s:.1f} s; extract and store {extract_store_s:.1f} s, fuse "
          f"{single_s - extract_store_s:.1f} s; in all {single_s:.1f} s = {n / single_s:.1f} reports/s")
    print(f"spark fixed overhead: session start {session_s:.1f} s + job on 2 reports {tiny_s:.1f} s "
          f"= {session_s + tiny_s:.1f} s")
    print(f"spark ingest of {n} reports: {spark_s:.1f} s = {n / spark_s:.1f} reports/s; seconds per stage: "
          f"{', '.join(f'{k} {v:.1f}' for k, v in summary.stages.items())} "
          f"({summary.counts['incidents']} incidents fused in the job)")
    print(f"conflictwatch load of the output: {load_s:.1f} s = {n / load_s:.1f} reports/s ({loaded.counts['new']} new)")
    print(f"core-seconds per article: spark job {job_cs:.3f} (extraction stage {extract_cs:.3f}); "
          f"single process {single_cs:.3f} (extraction and store {single_extract_cs:.3f})")
    for name, cs in (("spark job", job_cs), ("spark extraction", extract_cs), ("single process", single_cs)):
        hours = ARTICLES_PER_DAY * cs / 3600
        print(f"projection, {ARTICLES_PER_DAY:,} articles/day, {name}: {hours:.1f} core-hours/day = "
              f"{hours / 24:.2f} cores busy all day")
    print(f"plus Spark's fixed overhead per job: {session_s + tiny_s:.0f} s")

if __name__ == "__main__":
    main()
