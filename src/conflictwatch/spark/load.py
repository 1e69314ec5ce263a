"""``conflictwatch load``: a ``spark ingest`` output into a store, through the store's public API.

Reads the Parquet datasets with DuckDB (no Spark needed), in the order the job read the reports
(``input_file``, ``input_block``, ``input_row``; sorted by DuckDB, out of core), and streams each
report's :class:`~conflictwatch.models.ExtractionResult` into :meth:`Store.save_many`: a report is
known by its content hash, so loading twice, or loading the output of a rerun of a killed job, adds
nothing; a duplicate text becomes an alias of the first report, as with ``conflictwatch ingest``.
An output without its completion marker is refused (:class:`~conflictwatch.spark.layout.OutputError`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import layout
from .layout import OutputError

_ORDER = "input_file, input_block, input_row"


@dataclass
class LoadSummary:
    manifest: dict
    counts: dict[str, int] = field(default_factory=lambda: {"new": 0, "updated": 0, "unchanged": 0, "failed": 0})
    events_written: int = 0
    failures: list[str] = field(default_factory=list)


def _files(folder: Path, name: str) -> list[str]:
    return sorted(str(p) for p in (folder / name).rglob("*.parquet") if not p.name.startswith((".", "_")))


def _rows(con, files: list[str], order: str, columns: list[layout.Column]) -> Iterator[dict]:
    """The dataset's rows as dicts, in ``order``, a batch at a time."""
    if not files:
        return
    wanted = [c.name for c in columns if c.name not in ("country_iso", "month")]
    present = {r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?, hive_partitioning = false, "
                                         "union_by_name = true)", [files]).fetchall()}
    select = ", ".join(f'"{c}"' if c in present else f'NULL AS "{c}"' for c in wanted)
    cur = con.execute(f"SELECT {select} FROM read_parquet(?, hive_partitioning = false, union_by_name = true) "
                      f"ORDER BY {order}", [files])
    while True:
        batch = cur.fetchmany(1000)
        if not batch:
            return
        for values in batch:
            yield dict(zip(wanted, values))


def _key(row: dict) -> tuple:
    return row["input_file"], row["input_block"], row["input_row"]


def results(folder: Path | str, manifest: dict | None = None) -> Iterator:
    """Every report's extraction result of a complete output, in input order (a duplicate text with
    no events: the store makes it an alias of the first)."""
    import duckdb

    folder = Path(folder)
    manifest = manifest or layout.read_manifest(folder)
    cons = [duckdb.connect(":memory:") for _ in range(3)]  # three ordered streams, read side by side
    try:
        reports = _rows(cons[0], _files(folder, layout.REPORTS), _ORDER, layout.REPORT_COLUMNS)
        events = _Cursor(_rows(cons[1], _files(folder, layout.EVENTS), f"{_ORDER}, position", layout.EVENT_COLUMNS))
        mentions = _Cursor(_rows(cons[2], _files(folder, layout.MENTIONS), f"{_ORDER}, event_position, position",
                                 layout.MENTION_COLUMNS))
        for report in reports:
            key = _key(report)
            if report["duplicate_of"] is not None:
                yield layout.result_of(report, [], [])
                continue
            yield layout.result_of(report, events.take(key), mentions.take(key))
    except OutputError:
        raise
    except Exception as exc:  # noqa: BLE001 - DuckDB's reader errors: one line
        raise OutputError(f"{folder}: cannot read the output: {str(exc).splitlines()[0]}") from None
    finally:
        for con in cons:
            con.close()


class _Cursor:
    """Rows sorted like the reports: those of one report at a time."""

    def __init__(self, rows: Iterator[dict]):
        self.rows = rows
        self.head = next(rows, None)

    def take(self, key: tuple) -> list[dict]:
        out = []
        while self.head is not None and _key(self.head) < key:  # a report with no row here
            self.head = next(self.rows, None)
        while self.head is not None and _key(self.head) == key:
            out.append(self.head)
            self.head = next(self.rows, None)
        return out


def check_counts(folder: Path, manifest: dict) -> None:
    """The rows found equal the manifest's counts (a copied or truncated output is refused)."""
    import duckdb

    con = duckdb.connect(":memory:")
    try:
        for name in (layout.REPORTS, layout.EVENTS, layout.MENTIONS):
            expected = manifest.get("counts", {}).get(name)
            files = _files(folder, name)
            found = con.execute("SELECT count(*) FROM read_parquet(?, hive_partitioning = false)",
                                [files]).fetchone()[0] if files else 0
            if expected is not None and found != expected:
                raise OutputError(f"{folder / name}: {found} rows, the manifest says {expected}: an incomplete copy")
    except OutputError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise OutputError(f"{folder}: cannot read the output: {str(exc).splitlines()[0]}") from None
    finally:
        con.close()


def load(folder: Path | str, store, *, on_saved: Callable | None = None, batch: int = 200) -> LoadSummary:
    """Load a complete output into ``store`` (``Store.save_many``); ``on_saved(saved)`` is called for
    each report. The caller refreshes the incidents afterwards."""
    folder = Path(folder)
    manifest = layout.read_manifest(folder)
    check_counts(folder, manifest)
    summary = LoadSummary(manifest=manifest)
    for saved in store.save_many(results(folder, manifest), batch=batch):
        summary.counts[saved.status] = summary.counts.get(saved.status, 0) + 1
        summary.events_written += saved.events_written
        if saved.status == "failed" and saved.error:
            summary.failures.append(saved.error)
        if on_saved is not None:
            on_saved(saved)
    return summary
