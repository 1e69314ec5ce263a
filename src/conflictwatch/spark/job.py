"""``conflictwatch spark ingest``: reports in (JSONL or Parquet), Parquet datasets out (driver side).

    read ──> parse (mapPartitions: the JSONL reader of ``conflictwatch ingest``) ──> bad records: errors
         ──> the first report of each text (a window over content_hash, in input order); the others are
             duplicates, kept as reports with ``duplicate_of`` (the store makes them aliases)
         ──> repartition ──> extract (mapPartitions: one engine per worker) ──> reports, events, mentions
         ──> fuse (fusion.py) ──> incidents
         ──> every dataset written under a temporary folder, then the manifest and _SUCCESS,
             then one rename to OUTPUT

No printing here: problems are :class:`~conflictwatch.spark.layout.JobError` with one line.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import layout
from .executor import EngineSpec, extract_partition, read_partition
from .layout import JobError
from .session import Files, first_line
from .settings import settings


@dataclass
class IngestOptions:
    input: str
    output: str
    #: 'jsonl', 'parquet' or 'auto' (by the path's suffix, or the files of a folder)
    format: str = "auto"
    #: the reports' country when a record has none (ISO2)
    country: str | None = None
    max_bytes: int = 5 * 1024 * 1024
    partitions: int | None = None
    fuse: bool = True
    overwrite: bool = False
    #: the CLI's global options
    model: str | None = None
    model_dir: str | None = None
    gazetteer: str | None = None


@dataclass
class IngestSummary:
    output: str
    counts: dict[str, int]
    manifest: dict
    seconds: float
    errors_sample: list[str] = field(default_factory=list)
    #: seconds per stage: read (and find duplicates), extract, fuse and write
    stages: dict[str, float] = field(default_factory=dict)


def spark_schema(columns: list[layout.Column]):
    from pyspark.sql import types as T

    kinds = {"string": T.StringType(), "json": T.StringType(), "bool": T.BooleanType(), "long": T.LongType(),
             "double": T.DoubleType(), "date": T.DateType(), "strings": T.ArrayType(T.StringType())}
    return T.StructType([T.StructField(c.name, kinds[c.kind], True) for c in columns])


def as_tuple(row: dict | None, columns: list[layout.Column]) -> tuple | None:
    return None if row is None else tuple(row.get(c.name) for c in columns)


def temporary_of(output: str) -> str:
    """The sibling folder a job writes into before the final rename (the same one for every rerun, so
    a killed job's leftovers are replaced)."""
    head, _, name = output.rstrip("/").rpartition("/")
    return f"{head}/.{name}.inprogress" if head else f".{name}.inprogress"


# --- the engine's files, shipped to the executors ------------------------------------------------


def ship(spark, opts: IngestOptions, scratch: Path) -> EngineSpec:
    """Ship what executors need to build the engine the CLI would build (SparkContext.addFile): a
    consistent snapshot of the gazetteer, the --model-dir folder, the CONFLICTWATCH_DATA folder."""
    from .. import config

    sc = spark.sparkContext
    cfg = settings().ingest
    gazetteer_file = None
    source = opts.gazetteer or str(config.default_gazetteer_path())
    if "://" in source:
        sc.addFile(source)
        gazetteer_file = source.rstrip("/").rsplit("/", 1)[-1]
    else:
        if not Path(source).is_file():  # made as the CLI makes it (built-in places), once for every executor
            from ..geo.gazetteer import Gazetteer, GazetteerError

            try:
                Gazetteer(Path(source)).close()
            except GazetteerError as exc:
                raise JobError(str(exc)) from None
        snapshot = scratch / "gazetteer.sqlite"
        try:  # the backup API: one consistent copy, with what the write-ahead log holds
            src, dst = sqlite3.connect(source), sqlite3.connect(snapshot)
            try:
                src.backup(dst)
            finally:
                src.close()
                dst.close()
        except sqlite3.Error as exc:
            raise JobError(f"{source}: cannot read the gazetteer ({exc})") from None
        # named by its content: a changed gazetteer is a new file for the executors (and a new engine)
        digest = hashlib.sha256(snapshot.read_bytes()).hexdigest()[:16]
        named = snapshot.rename(scratch / f"gazetteer-{digest}.sqlite")
        sc.addFile(str(named))
        gazetteer_file = named.name
    model_dir, model_dir_file = opts.model_dir, None
    if model_dir and model_dir.strip().lower() != "none":
        if "://" not in model_dir and not Path(model_dir).is_dir():
            raise JobError(f"{model_dir}: no such model folder")
        sc.addFile(model_dir if "://" in model_dir else str(Path(model_dir).resolve()), recursive=True)
        model_dir_file, model_dir = model_dir.rstrip("/").rsplit("/", 1)[-1], None
    data_file = None
    data = os.environ.get("CONFLICTWATCH_DATA")
    if data and Path(data).is_dir():
        sc.addFile(str(Path(data).resolve()), recursive=True)
        data_file = Path(data).resolve().name
    return EngineSpec(model=opts.model or os.environ.get("CONFLICTWATCH_MODEL"), model_dir=model_dir,
                      model_dir_file=model_dir_file, gazetteer_file=gazetteer_file, data_file=data_file,
                      batch=cfg.batch, excerpt=cfg.excerpt)


# --- reading -----------------------------------------------------------------------------------------


def input_format(files: Files, uri: str, given: str) -> str:
    if given != "auto":
        return given
    names = [uri] if not files.is_dir(uri) else files.names(uri)
    suffixes = {n.rsplit(".", 1)[-1].lower() for n in names if "." in n and not n.startswith(("_", "."))}
    return "parquet" if suffixes and suffixes <= {"parquet", "parq", "pq"} else "jsonl"


def read_lines(spark, files: Files, opts: IngestOptions):
    """The input as rows (value: a JSON object as text, file, block, row or None)."""
    from pyspark.sql import functions as F

    if not files.matches(opts.input):
        raise JobError(f"{opts.input}: no such file or folder")
    fmt = input_format(files, opts.input, opts.format)
    reader = spark.read.option("recursiveFileLookup", "true") if files.is_dir(opts.input) else spark.read
    meta = [F.col("_metadata.file_path").alias("file"), F.col("_metadata.file_block_start").alias("block")]
    try:
        if fmt == "parquet":
            df = reader.parquet(opts.input)
            unknown = sorted(set(df.columns) - _jsonl_fields())
            if unknown:
                raise JobError(f"{opts.input}: unknown column(s) {unknown}; expected {sorted(_jsonl_fields())}")
            # a row as the JSONL line it stands for (null fields left out), read by the same reader
            return df.select(F.to_json(F.struct(*[F.col(c) for c in df.columns])).alias("value"), *meta,
                             F.col("_metadata.row_index").alias("row"))
        if files.is_dir(opts.input):
            reader = reader.option("pathGlobFilter", "*.{jsonl,ndjson,json}")
        return reader.text(opts.input).select("value", *meta, F.lit(None).cast("long").alias("row"))
    except JobError:
        raise
    except Exception as exc:  # noqa: BLE001 - Spark's AnalysisException and the like: one line
        raise JobError(f"{opts.input}: cannot read as {fmt}: {first_line(exc)}") from None


def _jsonl_fields() -> set[str]:
    from ..ingest import JSONL_FIELDS

    return set(JSONL_FIELDS)


# --- the job -----------------------------------------------------------------------------------------


def run_ingest(spark, opts: IngestOptions) -> IngestSummary:
    """Run the job; any failure is a :class:`JobError` (one line), and DIR is then left as it was."""
    try:
        return _run_ingest(spark, opts)
    except JobError:
        raise
    except Exception as exc:  # noqa: BLE001 - Py4J and Spark errors: one line; the temporary folder stays unseen
        raise JobError(f"the Spark job failed: {first_line(exc)}") from None


def _run_ingest(spark, opts: IngestOptions) -> IngestSummary:
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    started = time.perf_counter()
    files = Files(spark)
    output = opts.output.rstrip("/")
    if files.exists(output) and not opts.overwrite:
        raise JobError(f"{output}: exists already (give --overwrite to replace it, or another --output)")
    lines = read_lines(spark, files, opts)
    tmp = temporary_of(output)
    files.delete(tmp)  # a killed run's leftovers
    cfg = settings()
    with tempfile.TemporaryDirectory(prefix="conflictwatch-spark-") as scratch:
        spec = ship(spark, opts, Path(scratch))
        report_schema = spark_schema(layout.REPORT_COLUMNS)
        error_schema = spark_schema(layout.ERROR_COLUMNS)
        parsed_schema = T.StructType([T.StructField("kind", T.StringType()),
                                      T.StructField("report", report_schema), T.StructField("error", error_schema)])
        country, max_bytes, excerpt = opts.country, opts.max_bytes, spec.excerpt
        r_cols, e_cols = layout.REPORT_COLUMNS, layout.ERROR_COLUMNS
        parsed_rdd = lines.rdd.mapPartitions(lambda rows: (
            (kind, as_tuple(rep, r_cols), as_tuple(err, e_cols))
            for kind, rep, err in read_partition(rows, country=country, max_bytes=max_bytes, excerpt=excerpt)))
        parsed = spark.createDataFrame(parsed_rdd, parsed_schema).persist(StorageLevel.MEMORY_AND_DISK)

        order = ["input_file", "input_block", "input_row"]
        by_text = Window.partitionBy("content_hash").orderBy(*order)
        reports = (parsed.where("kind = 'report'").select("report.*")
                   .withColumn("_n", F.row_number().over(by_text))
                   .withColumn("duplicate_of", F.when(F.col("_n") > 1, F.first("id").over(by_text)))
                   .persist(StorageLevel.MEMORY_AND_DISK))
        firsts = reports.where("_n = 1").drop("_n")
        n_first = firsts.count()
        stages = {"read": time.perf_counter() - started}
        cores = spark.sparkContext.defaultParallelism
        partitions = opts.partitions or max(1, min(n_first, cores * cfg.ingest.partitions_per_core))

        cols = {"report": layout.REPORT_COLUMNS, "event": layout.EVENT_COLUMNS, "mention": layout.MENTION_COLUMNS,
                "error": layout.ERROR_COLUMNS}
        kinds = list(cols)
        out_schema = T.StructType([T.StructField("kind", T.StringType())]
                                  + [T.StructField(k, spark_schema(cols[k])) for k in kinds])

        def tagged(rows):
            for kind, row in extract_partition(rows, spec):
                yield (kind, *[as_tuple(row, cols[k]) if k == kind else None for k in kinds])

        extracted_rdd = firsts.repartition(partitions).rdd.mapPartitions(tagged)
        extracted = spark.createDataFrame(extracted_rdd, out_schema).persist(StorageLevel.MEMORY_AND_DISK)

        done = extracted.where("kind = 'report'").select("report.*")
        versions = done.select("content_hash", "extractor_version", "model_version")
        dups = reports.where("_n > 1").drop("_n", "extractor_version", "model_version")
        dups_ok = dups.join(versions, "content_hash", "inner").select(*[c.name for c in r_cols])
        dups_lost = (dups.join(versions, "content_hash", "left_anti")
                     .select(*[F.col(c) for c in order],
                             F.when(F.col("input_block") == 0,
                                    F.concat(F.col("input_file"), F.lit(":"), (F.col("input_row") + 1).cast("string")))
                             .otherwise(F.concat(F.col("input_file"), F.lit(":@"), F.col("input_block").cast("string"),
                                                 F.lit("+"), (F.col("input_row") + 1).cast("string"))).alias("origin"),
                             F.col("id").alias("report_id"), F.lit("duplicate").alias("stage"),
                             F.concat(F.lit("same text as "), F.col("duplicate_of"),
                                      F.lit(", which could not be extracted")).alias("reason"),
                             F.substring("text", 1, excerpt).alias("record")))
        datasets = {
            layout.REPORTS: done.unionByName(dups_ok),
            layout.EVENTS: extracted.where("kind = 'event'").select("event.*"),
            layout.MENTIONS: extracted.where("kind = 'mention'").select("mention.*"),
            layout.ERRORS: parsed.where("kind = 'error'").select("error.*")
            .unionByName(extracted.where("kind = 'error'").select("error.*")).unionByName(dups_lost),
        }
        if opts.fuse:
            from .fusion import fuse_output

            events = datasets[layout.EVENTS]
            datasets[layout.INCIDENTS] = lambda: fuse_output(spark, events, done, bucket_days=cfg.fusion.bucket_days)
        counts: dict[str, int] = {}
        kept = [parsed, reports, extracted]

        def write(name: str):
            df = datasets[name]
            df = (df() if callable(df) else df).persist(StorageLevel.MEMORY_AND_DISK)
            n = df.count()
            parts = layout.PARTITIONS[name]
            # one file per partition folder and task, not one per folder and input partition
            (df.repartition(*parts) if parts else df.coalesce(1)).write.mode("overwrite").partitionBy(*parts) \
                .parquet(f"{tmp}/{name}")
            return name, n, df

        try:
            mark = time.perf_counter()
            extracted.count()  # the extraction, once: every dataset reads the persisted rows
            stages["extract"] = time.perf_counter() - mark
            mark = time.perf_counter()
            with ThreadPoolExecutor(max_workers=len(datasets)) as pool:  # small jobs side by side
                for name, n, df in pool.map(write, list(datasets)):
                    counts[name] = n
                    kept.append(df)
            stages["fuse and write"] = time.perf_counter() - mark
            counts["duplicates"] = dups_ok.count()
            engine_versions = sorted(r[0] for r in done.select("extractor_version").distinct().collect() if r[0])
            model_versions = sorted(r[0] for r in done.select("model_version").distinct().collect() if r[0])
            sample = [r.reason for r in datasets[layout.ERRORS].orderBy(*order).limit(5).collect()]
        finally:
            for df in kept:
                df.unpersist()
    seconds = time.perf_counter() - started
    names = [n for n in layout.DATASETS if n in datasets]
    options = {k: v for k, v in asdict(opts).items() if k not in ("input", "output")}
    options["partitions"] = partitions
    manifest = layout.make_manifest(input=files.qualified(opts.input), counts=counts, datasets=names,
                                    engine_versions=engine_versions, model_versions=model_versions,
                                    options=options, spark_version=spark.version, seconds=seconds,
                                    stages=stages)
    files.write_text(f"{tmp}/{layout.MANIFEST}", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    files.write_text(f"{tmp}/{layout.SUCCESS}", "")
    if opts.overwrite:
        files.delete(output)
    files.rename(tmp, output)
    return IngestSummary(output=output, counts=counts, manifest=manifest, seconds=seconds, errors_sample=sample,
                         stages=stages)
