"""The command line: a thin shell over the library (engine, store, totals, exports, gazetteer)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from . import config, exports
from .ingest import MAX_BYTES, InputError, check_country, read_file
from .models import Event, ExtractionResult
from .store import EventFilter, Store, StoreError
from .taxonomy import event_types
from .totals import compute_incidents

app = typer.Typer(
    help=(
        "conflictwatch: reports of armed violence in, structured source-attributed events out.\n\n"
        f"The event store is {config.default_db_url()} unless --db or CONFLICTWATCH_DB says otherwise; "
        f"the gazetteer is {config.default_gazetteer_path()} unless --gazetteer or CONFLICTWATCH_GAZETTEER "
        "says otherwise (CONFLICTWATCH_HOME moves both)."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)


class State:
    db_url: str = ""
    gazetteer: Path | None = None
    model: str | None = None
    model_dir: Path | None = None


state = State()


class EventFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    acled = "acled"
    ucdp = "ucdp"
    geojson = "geojson"


class ExportFormat(str, Enum):
    acled = "acled"
    ucdp = "ucdp"
    geojson = "geojson"
    parquet = "parquet"
    json = "json"
    csv = "csv"


class TotalsBy(str, Enum):
    victim = "victim"
    month = "month"
    location = "location"
    actor = "actor"
    type = "type"
    country = "country"


class TableOrJson(str, Enum):
    table = "table"
    json = "json"


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)  # one line, never wrapped
    return typer.Exit(code)


@app.callback()
def main(
    db: Annotated[str, typer.Option(envvar="CONFLICTWATCH_DB", help="Event store: a path or an SQLAlchemy URL.",
                                    show_default=False)] = "",
    gazetteer: Annotated[Optional[Path], typer.Option(envvar="CONFLICTWATCH_GAZETTEER",
                                                      help="Gazetteer database path.", show_default=False)] = None,
    model: Annotated[Optional[str], typer.Option(envvar="CONFLICTWATCH_MODEL",
                                                 help=f"spaCy pipeline [default: {config.DEFAULT_MODEL}]")] = None,
    model_dir: Annotated[Optional[Path], typer.Option(envvar="CONFLICTWATCH_MODEL_DIR", show_default=False,
                                                      help="Model learned from coded events (`conflictwatch train`), "
                                                           "or 'none' for the rules alone [default: the one shipped]")] = None,
) -> None:
    state.db_url = config.default_db_url() if not db else (db if "://" in db else f"sqlite:///{Path(db).expanduser()}")
    state.gazetteer = gazetteer
    state.model = model
    state.model_dir = model_dir


def make_engine():
    from .engine import Engine
    from .geo import Geocoder

    from .learn import ModelError

    try:
        return Engine(model=state.model, geocoder=Geocoder(state.gazetteer), model_dir=state.model_dir)
    except (RuntimeError, ModelError) as exc:
        raise fail(str(exc)) from None


def open_store() -> Store:
    try:
        return Store(state.db_url)
    except StoreError as exc:  # one line already, the password hidden
        raise fail(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - any other error becomes one line too
        raise fail(f"cannot open the event store: {type(exc).__name__}: {' '.join(str(exc).split())}") from None


# --- output ---------------------------------------------------------------------------------------


def fatalities_text(e: Event) -> str:
    if e.fatalities_low is None:
        return "unknown"
    prefix = {"at_least": "≥", "about": "~", "exact": "", "unknown": ""}[e.fatalities_qualifier]
    if e.fatalities_high is not None and e.fatalities_high != e.fatalities_low:
        return f"{prefix}{e.fatalities_low}–{e.fatalities_high}"
    return f"{prefix}{e.fatalities_low}"


def date_text(e: Event) -> str:
    """'2023-05-04 (day)', '2023-05-01…2023-05-31 (month)', or for a date the engine could not place
    on the calendar the report's own words: '"Saturday": date unknown'."""
    if e.date_start is None:
        said = next((ev.text for ev in e.evidence if ev.field == "date"), None)
        return f'"{said}": date unknown' if said else "date unknown"
    days = f"{e.date_start}…{e.date_end}" if e.date_end and e.date_end != e.date_start else str(e.date_start)
    return f"{days} ({e.date_precision})" if e.date_precision else days


def undated_needs_published(result: ExtractionResult) -> bool:
    """A report without a publication date that tells dates only the publication date can place
    ('on Saturday', 'March 8' without a year)."""
    return result.report.published is None and any(
        e.date_start is None and any(ev.field == "date" for ev in e.evidence) for e in result.events)


def warn_undated(result: ExtractionResult, origin: str) -> None:
    if undated_needs_published(result):
        err.print(f"[yellow]warning[/] {origin}: dates such as a weekday or a day without a year need the "
                  "publication date: give --published YYYY-MM-DD (or 'published' in the JSONL line)",
                  highlight=False)


def events_table(events: list[Event]) -> Table:
    table = Table(show_lines=False, header_style="bold")
    for col in ("date", "type", "actors", "location", "killed", "victims", "sources", "flags"):
        table.add_column(col, overflow="fold")
    for e in events:
        victims = "; ".join(
            f"{v.group} {v.killed_low if v.killed_low == v.killed_high else f'{v.killed_low}–{v.killed_high}'}"
            f" ({v.qualifier}, {v.source or '?'})"
            for v in e.victims if v.killed_low is not None
        )
        flags = [f for f, on in (("historical", e.historical), ("claim", bool(e.claims))) if on]
        for c in e.claims:
            figures = ", ".join(f"{f.group} {f.killed_low}" for f in c.figures)
            flags.append(f"{c.status} claim by {c.claimant}: {figures}")
        place = f"{e.location or '?'} [{e.iso or '?'}{'/' + e.admin1 if e.admin1 else ''}, p{e.geo_precision or '?'}]"
        actors = " vs ".join(a for a in (e.actor1, e.actor2) if a) or "?"
        if e.assoc_actor_1:
            actors += f" (with {e.assoc_actor_1})"
        table.add_row(date_text(e), e.sub_event_type, actors, place, fatalities_text(e),
                      victims, "; ".join(e.sources), "; ".join(flags))
    return table


def emit_events(events: list[Event], fmt: EventFormat, output: Path | None) -> None:
    if fmt == EventFormat.table:
        out.print(events_table(events))
        out.print(f"{len(events)} events")
        return
    try:
        exports.write_export(events, fmt.value, output)
    except (OSError, ValueError) as exc:
        raise fail(str(exc)) from None


# --- commands -------------------------------------------------------------------------------------

Published = Annotated[Optional[str], typer.Option(help="Publication date YYYY-MM-DD or YYYY-MM; anchors dates without a year.")]
Source = Annotated[Optional[str], typer.Option(help="The publisher, e.g. 'Long War Journal'.")]
Country = Annotated[Optional[str], typer.Option(help="The reports' country (ISO2 or a name) for feeds that never name "
                                                     "it; the geocoder prefers it (a JSONL line's own 'country' wins).")]
Output = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of standard output.")]
Lang = Annotated[Optional[str], typer.Option("--lang", help="The reports' language (ISO 639-1: en, fr) instead of "
                                                          "detecting it (a JSONL line's own 'lang' wins).")]


@app.command()
def extract(
    report: Annotated[str, typer.Argument(help="A plain-text report, a saved HTML page, or the http(s) URL of a page.")],
    published: Published = None,
    source: Source = None,
    format: Annotated[EventFormat, typer.Option("--format", "-f")] = EventFormat.table,
    output: Output = None,
    country: Country = None,
) -> None:
    """Extract the events of one report and print them (the store is not touched)."""
    from .read import Fetcher, is_url, read_url

    try:
        if is_url(report):
            with Fetcher() as fetcher:
                rep = read_url(report, fetcher, published=published, source=source, country=country)
        else:
            rep = read_file(Path(report), published=published, source=source, country=country)
    except InputError as exc:
        raise fail(str(exc)) from None
    result = make_engine().extract(rep)
    warn_undated(result, str(report))
    emit_events(result.events, format, output)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, .jsonl batches (id, text, published, source, url, "
                                                    "title), saved HTML pages, or http(s) URLs of pages.")],
    published: Published = None,
    source: Source = None,
    max_bytes: Annotated[int, typer.Option(help="Refuse reports (and fetched pages) larger than this.")] = MAX_BYTES,
    country: Country = None,
    lang: Lang = None,
) -> None:
    """Extract reports into the store (a savepoint per report, committed in batches; the same text twice
    adds nothing; a URL already ingested is not fetched again), then refresh the incidents. Each report's
    language is detected (or given by --lang / a JSONL 'lang'); one no pipeline reads is counted apart."""
    from .ingest import check_lang
    from .read import read_inputs
    from .read.pipeline import ingest_items

    store = open_store()
    counts = {"new": 0, "updated": 0, "unchanged": 0, "failed": 0, "unsupported": 0}
    n_events = 0
    try:
        given = check_lang(lang, "--lang")
        items = list(read_inputs(paths, store=store, published=published, source=source, max_bytes=max_bytes,
                                 country=check_country(country, "--country")))
    except InputError as exc:
        raise fail(str(exc)) from None
    for item in items:
        if given and item.report is not None and item.report.lang is None:
            item.report.lang = given
    for item in items:
        if item.error is not None:
            counts["failed"] += 1
            err.print(f"[red]skipped[/] {item.error}", highlight=False, soft_wrap=True)
    for done in ingest_items(store, make_engine, items):
        origin, counts[done.status] = done.item.origin, counts[done.status] + 1
        n_events += done.events_written
        if done.status == "failed":
            err.print(f"[red]failed[/] {origin}: {done.error}", highlight=False, soft_wrap=True)
            continue
        if done.status == "unsupported":  # never stored as a report without events
            err.print(f"[yellow]unsupported[/] {origin}: {done.error}; not stored", highlight=False, soft_wrap=True)
            continue
        if done.result is not None:
            warn_undated(done.result, origin)
        if done.status == "unchanged" and done.result is None:  # known before extraction
            said = [done.item.note] if done.item.note else []
            if done.new_alias:
                said.append(f"same text; {done.item.report.id} is now an alias")
            if done.new_url and not done.item.note:
                said.append("same text; this URL is now listed with it")
            if said:
                out.print(f"{'unchanged':9} {origin} -> {done.report_id}: {'; '.join(said)}", highlight=False)
            continue
        same = f" (same text as {done.alias_of}; {done.result.report.id} is now an alias)" if done.alias_of else ""
        if done.status == "unchanged" and done.new_url and not done.alias_of:
            same = " (same text as a report of this run; this URL is now listed with it)"
        out.print(f"{done.status:9} {origin} -> {done.report_id}: {done.events_written} events written{same}",
                  highlight=False)
    stored = store.counts()
    if counts["new"] or counts["updated"] or stored["incident_members"] != stored["events"]:
        refresh_incidents(store)
    apart = f", {counts['unsupported']} in an unsupported language (not stored)" if counts["unsupported"] else ""
    out.print(
        f"{counts['new']} new, {counts['updated']} updated, {counts['unchanged']} unchanged, "
        f"{counts['failed']} failed{apart}; {n_events} events written to {store.safe_url}", highlight=False
    )
    if counts["failed"]:
        raise typer.Exit(1)


def refresh_incidents(store: Store) -> None:
    """Fuse the stored events into incidents with the analysts' corrections; say so when a correction
    no longer finds what it was anchored to."""
    from .review import pending, refresh

    incidents = refresh(store)
    out.print(f"{len(incidents)} incidents", highlight=False)
    orphaned = pending(store)
    if orphaned:
        err.print(f"[yellow]warning[/] {len(orphaned)} correction(s) orphaned: their evidence is no longer in the "
                  "machine output; see conflictwatch review pending", highlight=False)


def parse_day(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise fail(f"--{name} wants a date YYYY-MM-DD, not {value!r}") from None


def event_filter(country, since, until, type_, document, historical) -> EventFilter:
    if type_ is not None and type_ not in event_types():
        raise fail(f"--type must be one of: {', '.join(event_types())}")
    return EventFilter(country=country, since=parse_day(since, "since"), until=parse_day(until, "until"),
                       event_type=type_, document_id=document, include_historical=historical)


Country = Annotated[Optional[str], typer.Option(help="Country name, e.g. Mali.")]
Since = Annotated[Optional[str], typer.Option(help="Events ending on or after YYYY-MM-DD.")]
Until = Annotated[Optional[str], typer.Option(help="Events starting on or before YYYY-MM-DD.")]
TypeOpt = Annotated[Optional[str], typer.Option("--type", help="ACLED event type, e.g. 'Violence against civilians'.")]
Document = Annotated[Optional[str], typer.Option(help="Only this report's events (its document_id).")]
Historical = Annotated[bool, typer.Option("--historical/--no-historical", help="Include background (historical) events.")]
ParquetOpt = Annotated[Optional[Path], typer.Option(
    "--parquet", help="Read a Parquet export (`export --format parquet`: a file, or a directory of them) "
                      "through DuckDB instead of the store.", show_default=False)]


@app.command()
def events(
    country: Country = None, since: Since = None, until: Until = None, type_: TypeOpt = None,
    document: Document = None, historical: Historical = True,
    format: Annotated[EventFormat, typer.Option("--format", "-f")] = EventFormat.table,
    output: Output = None, parquet: ParquetOpt = None,
) -> None:
    """List stored events, with the analysts' corrections (marked reviewed); or those of a Parquet export."""
    from .review import reviewed_events

    flt = event_filter(country, since, until, type_, document, historical)
    if parquet is not None:
        from .analysis import ParquetError, read_events

        try:
            evs = read_events(parquet, flt)
        except ParquetError as exc:
            raise fail(str(exc)) from None
        emit_events(evs, format, output)
        return
    emit_events(reviewed_events(open_store(), flt), format, output)


@app.command()
def totals(
    by: Annotated[TotalsBy, typer.Option(help="Group by victim group, month, location, actor, type or country.")] = TotalsBy.victim,
    country: Country = None, since: Since = None, until: Until = None, type_: TypeOpt = None,
    document: Document = None,
    historical: Annotated[bool, typer.Option("--historical/--no-historical",
                                             help="Count background events too (off: they are told already).")] = False,
    format: Annotated[TableOrJson, typer.Option("--format", "-f")] = TableOrJson.table,
    parquet: ParquetOpt = None,
) -> None:
    """Killed per group, each incident counted once (two reports of one attack never double its dead), as
    ranges that keep their uncertainty; claims never count. --parquet: the same over a Parquet export."""
    from .review import current_incidents

    flt = event_filter(country, since, until, type_, document, True)
    if parquet is not None:
        from . import analysis

        try:
            # the table shows how many reports, JSON which: only JSON lists them (much faster without)
            rows = analysis.totals(parquet, by.value, flt, include_historical=historical,
                                   reports=format == TableOrJson.json)
            all_stated = analysis.stated_totals(parquet)
        except analysis.ParquetError as exc:
            raise fail(str(exc)) from None
    else:
        store = open_store()
        rows = compute_incidents(current_incidents(store, flt), by.value, include_historical=historical)
        document = store.resolve_document(document) if document else None
        all_stated = store.stated_totals()
    stated = {doc: v for doc, v in all_stated.items() if v and (document is None or doc == document)}
    if format == TableOrJson.json:
        payload = {
            "by": by.value,
            "totals": [r.model_dump() | {"range": r.range_text} for r in rows],
            "stated_by_reports": {d: [v.model_dump(mode="json", exclude={"evidence"}) for v in vs] for d, vs in stated.items()},
        }
        out.print_json(json.dumps(payload, ensure_ascii=False))
        return
    table = Table(header_style="bold")
    for col in (by.value, "killed", "incidents", "incidents without figures", "reports", "sources"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r.key, r.range_text, str(r.incidents), str(r.events_unknown),
                      str(getattr(r, "report_count", len(r.reports))),
                      "; ".join(r.sources))
    out.print(table)
    for doc, vs in stated.items():
        for v in vs:
            figure = v.killed_low if v.killed_low == v.killed_high else f"{v.killed_low} to {v.killed_high}"
            out.print(f"stated by report {doc}: {v.group} {v.qualifier.replace('_', ' ')} {figure}", highlight=False)


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    country: Country = None, since: Since = None, until: Until = None, type_: TypeOpt = None,
    document: Document = None, historical: Historical = True,
) -> None:
    """Export stored events (with the analysts' corrections): ACLED CSV, UCDP GED CSV, GeoJSON, Parquet,
    JSON or CSV. ACLED rows carry the incident_id that joins them to `conflictwatch incidents`."""
    from .review import current_incidents, reviewed_events

    store = open_store()
    flt = event_filter(country, since, until, type_, document, historical)
    evs = reviewed_events(store, flt)
    incidents = current_incidents(store)  # fused first when the store was never refreshed
    extra = {"incidents": incidents, "stated_totals": store.stated_totals()} if format == ExportFormat.parquet else {}
    try:
        exports.write_export(evs, format.value, output, incident_ids=store.incident_ids(), **extra)
    except (OSError, ValueError) as exc:
        raise fail(str(exc)) from None
    err.print(f"{len(evs)} events written to {output}", highlight=False)


def register_geo() -> None:
    from .geo.cli import gazetteer_app, geocode_command

    app.add_typer(gazetteer_app, name="gazetteer", help="Load, inspect and extend the offline gazetteer.")
    app.command("geocode", help="Ranked gazetteer candidates for a place name (for debugging).")(geocode_command)


def register_eval() -> None:
    from . import eval_cli

    eval_cli.engine_factory = make_engine  # shares --model and --gazetteer
    app.add_typer(eval_cli.eval_app, name="eval")


def register_review() -> None:
    from .review.cli import incidents_command, review_app

    app.command("incidents")(incidents_command)
    app.add_typer(review_app, name="review")


def register_learn() -> None:
    from .learn import cli as learn_cli

    learn_cli._global_model_dir = lambda: state.model_dir
    app.command("train")(learn_cli.train_command)
    app.command("model")(learn_cli.model_command)


def register_serve() -> None:
    from .serve.cli import serve_command, token_app

    app.command("serve")(serve_command)
    app.add_typer(token_app, name="token")


def register_web() -> None:
    from .read.cli import reports_command, watch_command

    app.command("watch")(watch_command)
    app.command("reports")(reports_command)


def register_spark() -> None:
    from .spark.cli import load_command, spark_app

    app.add_typer(spark_app, name="spark")
    app.command("load")(load_command)


register_geo()
register_eval()
register_review()
register_learn()
register_web()
register_serve()
register_spark()


def run() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
