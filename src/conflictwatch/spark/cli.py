"""`conflictwatch spark ...` and `conflictwatch load`: thin shells over ``conflictwatch.spark``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..ingest import MAX_BYTES

spark_app = typer.Typer(
    help="Bulk ingest on Apache Spark: reports (JSONL or Parquet, local or any Hadoop-compatible URI) in, "
         "Parquet datasets out; `conflictwatch load` puts them into a store (docs/spark.md).",
    no_args_is_help=True,
)


class InputFormat(str, Enum):
    auto = "auto"
    jsonl = "jsonl"
    parquet = "parquet"


def _main():
    from .. import cli  # imported here: the main CLI registers this one

    return cli


def _say(text: str) -> None:
    _main().out.print(text, highlight=False, markup=False, soft_wrap=True)


def _is_local_path(arg: str) -> bool:
    return "://" not in arg and not arg.startswith("file:") and not any(ch in arg for ch in "*?[{")


@spark_app.command("ingest")
def ingest_command(
    input: Annotated[str, typer.Argument(help="JSONL (the lines `conflictwatch ingest` reads) or Parquet with the "
                                              "same fields: a file, a folder or a glob, local or any Hadoop URI.")],
    output: Annotated[str, typer.Option("--output", "-o", help="Output folder (local or a Hadoop URI); written "
                                                               "under a temporary name, renamed when complete.")],
    format: Annotated[InputFormat, typer.Option("--format", "-f", help="Input format (auto: by the files' suffix).")]
    = InputFormat.auto,
    country: Annotated[Optional[str], typer.Option(help="The reports' country when a record has none (ISO2 or a "
                                                        "name).")] = None,
    max_bytes: Annotated[int, typer.Option(help="Refuse reports larger than this.")] = MAX_BYTES,
    partitions: Annotated[Optional[int], typer.Option(help="Partitions the reports are spread over [default: "
                                                           "4 per core of the cluster].", show_default=False)] = None,
    fuse: Annotated[bool, typer.Option("--fuse/--no-fuse", help="Fuse the events into incidents in Spark too.")] = True,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing output folder.")] = False,
    master: Annotated[Optional[str], typer.Option(help="Spark master, e.g. local[2] or yarn [default: spark-submit's, "
                                                       "else local[*]].", show_default=False)] = None,
) -> None:
    """Extract reports in bulk on Spark: one engine per partition (the global --model, --model-dir and
    --gazetteer are shipped to the executors); reports, events, mentions, incidents and bad records
    written as Parquet, partitioned by country and month, with a manifest."""
    main = _main()
    from ..ingest import InputError, check_country
    from .layout import JobError

    try:
        iso = check_country(country, "--country")
    except InputError as exc:
        raise main.fail(str(exc)) from None
    if _is_local_path(input) and not Path(input).exists():
        raise main.fail(f"{input}: no such file or folder")
    from .job import IngestOptions, run_ingest
    from .session import session

    state = main.state
    opts = IngestOptions(input=input, output=output, format=format.value, country=iso, max_bytes=max_bytes,
                         partitions=partitions, fuse=fuse, overwrite=overwrite, model=state.model,
                         model_dir=str(state.model_dir) if state.model_dir else None,
                         gazetteer=str(state.gazetteer) if state.gazetteer else None)
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise main.fail("pyspark is not installed: pip install 'conflictwatch[spark]'") from None
    started_here = SparkSession.getActiveSession() is None
    spark = None
    try:
        spark = session(master)
        summary = run_ingest(spark, opts)
    except JobError as exc:
        raise main.fail(str(exc)) from None
    finally:
        if started_here and spark is not None:
            spark.stop()
    c, m = summary.counts, summary.manifest
    for line in summary.errors_sample:
        main.err.print(f"[red]skipped[/] {line}", highlight=False, soft_wrap=True)
    fused = f", {c['incidents']} incidents" if "incidents" in c else ""
    _say(f"{c['reports']} reports ({c['duplicates']} duplicate texts), {c['events']} events, {c['mentions']} mentions"
         f"{fused}, {c['errors']} bad records written to {summary.output} in {summary.seconds:.0f} s "
         f"({', '.join(f'{k} {v:.0f} s' for k, v in summary.stages.items())}) "
         f"(engine {m['engine_version']}, model {m['model_version']})")


def load_command(
    folder: Annotated[Path, typer.Argument(help="A complete `conflictwatch spark ingest` output folder.")],
) -> None:
    """Bulk-load a `conflictwatch spark ingest` output into the store (--db), then refresh the incidents.
    Reports are known by their content hash: loading twice adds nothing. An output without its completion
    marker (_SUCCESS, _manifest.json) is refused."""
    main = _main()
    from .layout import OutputError
    from .load import load

    store = main.open_store()
    try:
        summary = load(folder, store)
    except OutputError as exc:
        raise main.fail(str(exc)) from None
    c = summary.counts
    for failure in summary.failures[:20]:
        main.err.print(f"[red]failed[/] {failure}", highlight=False, soft_wrap=True)
    stored = store.counts()
    if c["new"] or c["updated"] or stored["incident_members"] != stored["events"]:
        main.refresh_incidents(store)
    bad = summary.manifest.get("counts", {}).get("errors", 0)
    if bad:
        _say(f"{bad} bad records of the job are in {Path(folder) / 'errors'} (not loaded)")
    _say(f"{c['new']} new, {c['updated']} updated, {c['unchanged']} unchanged, {c['failed']} failed; "
         f"{summary.events_written} events written to {store.url}")
    if c["failed"]:
        raise typer.Exit(1)
