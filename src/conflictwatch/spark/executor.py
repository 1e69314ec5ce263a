"""What runs inside the executors' Python workers: reading records, the engine, fusion of one block.

Every function here is a plain function of a partition's (or a group's) rows, called by
``mapPartitions`` / ``flatMap``; none keeps state between calls except the engine cache: the first
partition a worker runs builds the :class:`~conflictwatch.engine.Engine` (spaCy, dictionaries, the
learned model, a private copy of the gazetteer) and the next partitions of that worker reuse it,
so the model is loaded at most once per partition (once per worker when Spark reuses its workers,
``spark.python.worker.reuse``, the default).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from . import layout
from .layout import Where


@dataclass(frozen=True)
class EngineSpec:
    """How executors build their engine, from the CLI's global options (shipped files by name)."""

    #: the spaCy pipeline (--model); None: the executor's default
    model: str | None = None
    #: --model-dir as given when not shipped ('none', or a path every node has); None: the packaged model
    model_dir: str | None = None
    #: the name under which the driver shipped the model folder (SparkContext.addFile)
    model_dir_file: str | None = None
    #: the name under which the driver shipped a snapshot of the gazetteer; None: a fresh built-in one
    gazetteer_file: str | None = None
    #: the name under which the driver shipped its CONFLICTWATCH_DATA folder
    data_file: str | None = None
    #: reports per Engine.extract_many call
    batch: int = 32
    #: characters of a bad record kept in the errors dataset
    excerpt: int = 300


_ENGINES: dict[EngineSpec, object] = {}


def _shipped(name: str) -> str:
    from pyspark import SparkFiles

    return SparkFiles.get(name)


def _scratch() -> str:
    """A private folder of this worker, removed with the application's files."""
    try:
        from pyspark import SparkFiles

        root = SparkFiles.getRootDirectory()
    except Exception:  # noqa: BLE001 - outside Spark (a test calling the function directly)
        root = None
    return tempfile.mkdtemp(prefix="conflictwatch-", dir=root)


def engine_for(spec: EngineSpec):
    """This worker's engine for ``spec``, built at its first use."""
    engine = _ENGINES.get(spec)
    if engine is None:
        _ENGINES.clear()
        engine = _ENGINES[spec] = build_engine(spec)
    return engine


def build_engine(spec: EngineSpec):
    from ..engine import Engine
    from ..geo import Geocoder

    if spec.data_file:
        os.environ["CONFLICTWATCH_DATA"] = _shipped(spec.data_file)
    gazetteer = Path(_scratch()) / "gazetteer.sqlite"
    if spec.gazetteer_file:
        # a copy of its own: the engine writes to its gazetteer (the learned places, caches)
        shutil.copyfile(_shipped(spec.gazetteer_file), gazetteer)
    model_dir = _shipped(spec.model_dir_file) if spec.model_dir_file else spec.model_dir
    return Engine(model=spec.model, geocoder=Geocoder(gazetteer), model_dir=model_dir)


# --- reading ---------------------------------------------------------------------------------------


def read_partition(rows: Iterable, *, country: str | None, max_bytes: int, excerpt: int) -> Iterator[tuple]:
    """JSONL lines (value, file, block[, row]) -> ("report", report row, None) or ("error", None, error row),
    read exactly as ``conflictwatch ingest`` reads a JSONL line. Blank lines are skipped."""
    from ..ingest import InputError, jsonl_report

    counters: dict[tuple[str, int], int] = {}
    for r in rows:
        value, file, block = r[0], r[1], r[2]
        if len(r) > 3 and r[3] is not None:
            row = r[3]
        else:  # text input: lines of a split come in order
            row = counters.get((file, block), 0)
            counters[(file, block)] = row + 1
        where = Where(file, block, row)
        if value is None or not value.strip():
            continue
        try:
            report = jsonl_report(value.encode("utf-8"), where.origin, max_bytes, country)
        except InputError as exc:
            yield ("error", None, layout.error_row(where, "read", str(exc), record=value, excerpt=excerpt))
            continue
        yield ("report", layout.report_row(report, where), None)


# --- extraction ------------------------------------------------------------------------------------


def extract_partition(rows: Iterable, spec: EngineSpec) -> Iterator[tuple]:
    """Report rows -> ("report" | "event" | "mention" | "error", row) pairs: the engine's results (or
    why a report could not be extracted), ``spec.batch`` reports at a time."""
    it = iter(rows)
    engine = None
    while True:
        chunk = list(islice(it, spec.batch))
        if not chunk:
            return
        if engine is None:
            engine = engine_for(spec)
        yield from extract_chunk(engine, [_report_of(r) for r in chunk], spec)


def _report_of(row) -> tuple:
    from ..models import Report

    values = row.asDict() if hasattr(row, "asDict") else dict(row)
    return layout.from_values(Report, values, layout.REPORT_COLUMNS), Where(values["input_file"],
                                                                            values["input_block"], values["input_row"])


def extract_chunk(engine, items: list[tuple], spec: EngineSpec) -> Iterator[tuple]:
    model_version = engine.coded.version if getattr(engine, "coded", None) is not None else None
    ready = []
    for report, where in items:
        route = getattr(engine, "route", None)  # language routing: unsupported languages are not extracted
        if route is not None:
            try:
                choice = route(report)
            except Exception as exc:  # noqa: BLE001 - one report's failure never fails the job
                yield ("error", _error(where, "language", exc, report, spec))
                continue
            if choice.pipeline is None:
                yield ("error", layout.error_row(where, "language", f"written in {choice.lang!r}, a language "
                                                 "conflictwatch does not read", report_id=report.id,
                                                 record=report.text, excerpt=spec.excerpt))
                continue
        ready.append((report, where))
    try:
        results = list(engine.extract_many([r for r, _ in ready], batch_size=min(spec.batch, 16)))
    except Exception:  # noqa: BLE001 - find the report that failed: one at a time
        results = None
    for index, (report, where) in enumerate(ready):
        if results is not None:
            result = results[index]
        else:
            try:
                result = engine.extract(report)
            except Exception as exc:  # noqa: BLE001
                yield ("error", _error(where, "extract", exc, report, spec))
                continue
        yield ("report", layout.report_row(result.report, where, extractor_version=result.extractor_version,
                                           model_version=model_version, stated_totals=result.stated_totals))
        events, mentions = layout.result_rows(result, where)
        for e in events:
            yield ("event", e)
        for m in mentions:
            yield ("mention", m)


def _error(where: Where, stage: str, exc: BaseException, report, spec: EngineSpec) -> dict:
    reason = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    return layout.error_row(where, stage, reason, report_id=report.id, record=report.text, excerpt=spec.excerpt)


# --- fusion ----------------------------------------------------------------------------------------


def block_pairs(rows: Iterable, config) -> Iterator[tuple[str, str]]:
    """The compatible pairs of one block (one country, background or not, one date bucket), by the
    fusion library's own blocking and pair rules: (smaller id, larger id)."""
    from ..fuse.cluster import candidate_pairs, publication_days
    from ..fuse.sources import ReportInfo

    rows = [r.asDict() for r in rows]
    events = sorted((layout.event_of(r) for r in rows), key=lambda e: e.id)
    published = publication_days({r["document_id"]: ReportInfo(id=r["document_id"], source=None,
                                                                published=r.get("_published"))
                                  for r in rows}) if config.window.publication_day_slack else None
    for i, j in candidate_pairs(events, config, published):
        a, b = events[i].id, events[j].id
        yield (a, b) if a < b else (b, a)


def components(edges: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """(event id, component id) for every event of the edges; a component is named by its smallest id."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    edges = list(edges)
    ids = sorted({x for edge in edges for x in edge})
    index = {x: i for i, x in enumerate(ids)}
    rows = np.fromiter((index[a] for a, _ in edges), dtype=np.int64, count=len(edges))
    cols = np.fromiter((index[b] for _, b in edges), dtype=np.int64, count=len(edges))
    graph = coo_matrix((np.ones(len(edges), dtype=np.int8), (rows, cols)), shape=(len(ids), len(ids)))
    _, labels = connected_components(graph, directed=False)
    name: dict[int, str] = {}
    for x, label in zip(ids, labels):  # ids are sorted: the first of a component is its smallest
        name.setdefault(int(label), x)
    for x, label in zip(ids, labels):
        yield x, name[int(label)]


def lead_rows(rows: Iterable) -> Iterator[tuple[str, bool]]:
    """(event id, leads its report) for all the events of one report (``conflictwatch.fuse.cluster.lead_ids``)."""
    from ..fuse.cluster import lead_ids

    events = sorted((layout.event_of(r.asDict()) for r in rows), key=lambda e: e.id)
    leads = lead_ids(events)
    for e in events:
        yield e.id, e.id in leads


def fuse_group(events: Iterable, reports: Iterable, config) -> Iterator[dict]:
    """The incidents of one connected group of events, by the fusion library (``conflictwatch.fuse``);
    each event row carries ``_lead`` (whether it leads its report, over all the report's events)."""
    from ..fuse import ReportInfo, fuse

    rows = [r.asDict() for r in events]
    evs = [layout.event_of(r) for r in rows]
    leads = {r["id"] for r in rows if r.get("_lead")}
    infos = {r["id"]: ReportInfo(id=r["id"], source=r["source"], published=r["published"], text=r["text"] or "")
             for r in reports}
    for incident in fuse(evs, infos, config=config, leads=leads):
        yield layout.incident_row(incident)
