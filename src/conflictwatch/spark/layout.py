"""The layout of a ``conflictwatch spark ingest`` output folder: datasets, columns, rows, manifest.

Shared by the Spark job (which writes it), ``conflictwatch load`` (which reads it with DuckDB, without
Spark) and docs/spark.md. Pure Python: nothing here imports pyspark.

    OUTPUT/
      _manifest.json    counts, engine and model versions, input, options (written last)
      _SUCCESS          the completion marker (empty; written last, with the manifest)
      reports/month=YYYY-MM/part-*.parquet                  every report read, duplicates included
      events/country_iso=XX/month=YYYY-MM/part-*.parquet    one row per event
      mentions/country_iso=XX/month=YYYY-MM/part-*.parquet  one row per mention (with its event_id)
      incidents/country_iso=XX/month=YYYY-MM/part-*.parquet the events fused (with ``--fuse``)
      errors/part-*.parquet                                 bad records and why

The job writes everything into a temporary sibling folder and renames it to OUTPUT at the very end:
a folder named OUTPUT is always complete. Columns of events and mentions are the model's fields as
in ``conflictwatch export --format parquet`` (nested fields as JSON strings), plus where the report
was read (``input_file``, ``input_block``, ``input_row``: the load keeps the input's order) and
the partition columns (``country_iso``: the event's ISO2 code; ``month``: of its start date,
``unknown`` when there is none).
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from ..versioned import read_versioned

from ..exports import NESTED_FIELDS
from ..models import Event, ExtractionResult, Incident, Mention, Report, VictimCount

FORMAT = "conflictwatch-spark-output"
FORMAT_VERSION = 1
MANIFEST = "_manifest.json"
SUCCESS = "_SUCCESS"
#: a partition value for an event without a country or a date, a report without a publication date
UNKNOWN = "unknown"

REPORTS, EVENTS, MENTIONS, INCIDENTS, ERRORS = "reports", "events", "mentions", "incidents", "errors"
DATASETS = (REPORTS, EVENTS, MENTIONS, INCIDENTS, ERRORS)
PARTITIONS: dict[str, tuple[str, ...]] = {
    REPORTS: ("month",), EVENTS: ("country_iso", "month"), MENTIONS: ("country_iso", "month"),
    INCIDENTS: ("country_iso", "month"), ERRORS: (),
}
#: incident fields kept as JSON strings (its documents and member events are arrays of strings)
INCIDENT_JSON = frozenset({"victims", "claims"})


class JobError(ValueError):
    """A Spark job that cannot run or an output that cannot be used; the message is one line."""


class OutputError(JobError):
    """An output folder that is missing, incomplete or not a ``spark ingest`` output."""


@dataclass(frozen=True)
class Column:
    """A column: its name and kind (string, bool, long, double, date, strings = array of strings,
    json = a string holding JSON)."""

    name: str
    kind: str


def _kind(annotation: object) -> str:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _kind(args[0]) if len(args) == 1 else "string"
    if origin is typing.Literal:
        return "string"
    if origin is list and typing.get_args(annotation) == (str,):
        return "strings"
    if origin in (list, dict) or annotation is object:
        return "json"
    return {bool: "bool", int: "long", float: "double", dt.date: "date"}.get(annotation, "string")  # type: ignore[arg-type]


def model_columns(model: type[BaseModel], json_fields: frozenset[str] | tuple[str, ...] = (),
                  exclude: tuple[str, ...] = ()) -> list[Column]:
    """The model's fields as columns; ``json_fields`` (and any other list of objects) as JSON strings."""
    out = []
    for name, info in model.model_fields.items():
        if name in exclude:
            continue
        out.append(Column(name, "json" if name in json_fields else _kind(info.annotation)))
    return out


INPUT_COLUMNS = [Column("input_file", "string"), Column("input_block", "long"), Column("input_row", "long")]
_PARTS = [Column("country_iso", "string"), Column("month", "string")]

REPORT_COLUMNS = [*model_columns(Report),
                  Column("duplicate_of", "string"), Column("extractor_version", "string"),
                  Column("model_version", "string"), Column("stated_totals", "json"),
                  *INPUT_COLUMNS, Column("month", "string")]
EVENT_COLUMNS = [*model_columns(Event, NESTED_FIELDS, exclude=("mentions",)),
                 Column("report_hash", "string"), Column("position", "long"), *INPUT_COLUMNS, *_PARTS]
MENTION_COLUMNS = [Column("event_id", "string"), *model_columns(Mention, NESTED_FIELDS),
                   Column("report_hash", "string"), Column("event_position", "long"), Column("position", "long"),
                   *INPUT_COLUMNS, *_PARTS]
INCIDENT_COLUMNS = [*model_columns(Incident, INCIDENT_JSON), *_PARTS]
ERROR_COLUMNS = [*INPUT_COLUMNS, Column("origin", "string"), Column("report_id", "string"),
                 Column("stage", "string"), Column("reason", "string"), Column("record", "string")]
COLUMNS: dict[str, list[Column]] = {REPORTS: REPORT_COLUMNS, EVENTS: EVENT_COLUMNS, MENTIONS: MENTION_COLUMNS,
                                    INCIDENTS: INCIDENT_COLUMNS, ERRORS: ERROR_COLUMNS}


@dataclass(frozen=True)
class Where:
    """Where a report was read: the input file (as Spark names it), the start of its split, the row
    in the split (the line number - 1 when the split starts the file)."""

    file: str
    block: int
    row: int

    @property
    def origin(self) -> str:
        """``file:LINE`` as ``conflictwatch ingest`` names a JSONL line (a split's own row otherwise)."""
        return f"{self.file}:{self.row + 1}" if self.block == 0 else f"{self.file}:@{self.block}+{self.row + 1}"

    def values(self) -> dict:
        return {"input_file": self.file, "input_block": self.block, "input_row": self.row}


# --- rows ------------------------------------------------------------------------------------------


def month_of(value: dt.date | str | None) -> str:
    """The partition month: YYYY-MM of a date or of a YYYY-MM[-DD] string, else ``unknown``."""
    if value is None or value == "":
        return UNKNOWN
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return text[:7] if len(text) >= 7 and text[4] == "-" else UNKNOWN


def country_key(iso: str | None) -> str:
    return iso.upper() if iso else UNKNOWN


def model_values(model: BaseModel, columns: list[Column]) -> dict:
    """The model's values for those of ``columns`` that are its fields (JSON columns as JSON text)."""
    names = [c.name for c in columns if c.name in type(model).model_fields]
    plain = model.model_dump(include={c.name for c in columns if c.kind != "json" and c.name in names})
    nested = model.model_dump(mode="json", include={c.name for c in columns if c.kind == "json" and c.name in names})
    return {**plain, **{k: json.dumps(v, ensure_ascii=False) for k, v in nested.items()}}


def from_values(model: type[BaseModel], values: dict, columns: list[Column]):
    """A model from a row's values (JSON columns decoded; columns that are not fields ignored)."""
    kinds = {c.name: c.kind for c in columns}
    data = {}
    for name in model.model_fields:
        if name not in values:
            continue
        value = values[name]
        if kinds.get(name) == "json" and isinstance(value, str):
            value = json.loads(value)
        elif kinds.get(name) == "strings" and value is not None:
            value = list(value)
        data[name] = value
    return model.model_validate(data)


def report_row(report: Report, where: Where, *, duplicate_of: str | None = None,
               extractor_version: str | None = None, model_version: str | None = None,
               stated_totals: list[VictimCount] | None = None) -> dict:
    return {**model_values(report, REPORT_COLUMNS), "duplicate_of": duplicate_of,
            "extractor_version": extractor_version, "model_version": model_version,
            "stated_totals": json.dumps([v.model_dump(mode="json") for v in stated_totals or []], ensure_ascii=False),
            **where.values(), "month": month_of(report.published)}


def result_rows(result: ExtractionResult, where: Where) -> tuple[list[dict], list[dict]]:
    """The rows of one report's events and of their mentions."""
    events, mentions = [], []
    digest = result.report.content_hash
    for position, event in enumerate(result.events):
        parts = {"country_iso": country_key(event.iso), "month": month_of(event.date_start)}
        events.append({**model_values(event, EVENT_COLUMNS), "report_hash": digest, "position": position,
                       **where.values(), **parts})
        for index, mention in enumerate(event.mentions):
            mentions.append({"event_id": event.id, **model_values(mention, MENTION_COLUMNS), "report_hash": digest,
                             "event_position": position, "position": index, **where.values(), **parts})
    return events, mentions


def error_row(where: Where, stage: str, reason: str, *, report_id: str | None = None, record: str = "",
              excerpt: int = 300) -> dict:
    return {**where.values(), "origin": where.origin, "report_id": report_id, "stage": stage,
            "reason": " ".join(reason.split()), "record": record[:excerpt]}


def incident_row(incident: Incident) -> dict:
    return {**model_values(incident, INCIDENT_COLUMNS), "country_iso": country_key(incident.iso),
            "month": month_of(incident.date_start)}


def event_of(values: dict) -> Event:
    return from_values(Event, values, EVENT_COLUMNS)


def incident_of(values: dict) -> Incident:
    return from_values(Incident, values, INCIDENT_COLUMNS)


def result_of(report: dict, events: list[dict], mentions: list[dict]) -> ExtractionResult:
    """One report's extraction result back from its rows (events and mentions in their order)."""
    by_event: dict[str, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: (m["event_position"], m["position"])):
        by_event.setdefault(m["event_id"], []).append(from_values(Mention, m, MENTION_COLUMNS))
    evs = [event_of(e).model_copy(update={"mentions": by_event.get(e["id"], [])})
           for e in sorted(events, key=lambda e: e["position"])]
    stated = [VictimCount.model_validate(v) for v in json.loads(report.get("stated_totals") or "[]")]
    return ExtractionResult(report=from_values(Report, report, REPORT_COLUMNS), events=evs, stated_totals=stated,
                            extractor_version=report.get("extractor_version") or "")


# --- the manifest ----------------------------------------------------------------------------------


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("conflictwatch")
    except PackageNotFoundError:
        return "unknown"


def make_manifest(*, input: str, counts: dict[str, int], datasets: list[str], engine_versions: list[str],
                  model_versions: list[str], options: dict, spark_version: str, seconds: float,
                  stages: dict[str, float] | None = None) -> dict:
    """What ``_manifest.json`` holds (written by the job once every dataset is complete)."""
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "conflictwatch": package_version(),
            "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "input": input,
            "datasets": datasets, "counts": counts,
            "engine_version": engine_versions[0] if len(engine_versions) == 1 else engine_versions,
            "model_version": model_versions[0] if len(model_versions) == 1 else (model_versions or None),
            "partitions": {d: list(PARTITIONS[d]) for d in datasets}, "options": options,
            "spark": spark_version, "seconds": round(seconds, 1),
            "stage_seconds": {k: round(v, 1) for k, v in (stages or {}).items()}}


def read_manifest(folder: Path | str) -> dict:
    """The manifest of a complete output folder; :class:`OutputError` (one line) otherwise."""
    folder = Path(folder)
    if not folder.exists():
        raise OutputError(f"{folder}: no such output folder")
    if not folder.is_dir():
        raise OutputError(f"{folder}: not a folder (give the folder `conflictwatch spark ingest --output` wrote)")
    marker, file = folder / SUCCESS, folder / MANIFEST
    if not marker.is_file() or not file.is_file():
        raise OutputError(f"{folder}: incomplete output (no {SUCCESS} and {MANIFEST}: the job is still running, "
                          "failed or was killed); run `conflictwatch spark ingest` again")
    data = read_versioned(file, FORMAT, FORMAT_VERSION, OutputError, "spark output",
                          "run `conflictwatch spark ingest` again")
    for name in data.get("datasets", []):
        if not (folder / name / SUCCESS).is_file():
            raise OutputError(f"{folder / name}: dataset incomplete (no {SUCCESS})")
    return data
