"""`conflictwatch review ...` and `conflictwatch incidents`: thin shells over ``review`` and the store."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated, Optional

import typer
from rich.table import Table

from ..models import Incident, ReviewEntry
from ..totals import range_text
from . import actions
from .apply import current_incidents

review_app = typer.Typer(
    help="Analyst corrections (merge, split, set a field, set a figure's status), kept apart from machine "
         "output in an append-only log and re-applied after every ingest.",
    no_args_is_help=True,
)

Author = Annotated[str, typer.Option("--author", help="Who makes the correction.")]
Reason = Annotated[str, typer.Option("--reason", help="Why (kept in the log).")]


class Fmt(str, Enum):
    table = "table"
    json = "json"


class FigureStatus(str, Enum):
    current = "current"
    superseded = "superseded"
    discounted = "discounted"


def _main():
    from .. import cli  # imported here: the main CLI registers this one

    return cli


def _store():
    return _main().open_store()


def _run(fn, *args, **kwargs):
    """Call a review action; its ReviewError becomes the CLI's one-line error, exit 1."""
    try:
        return fn(*args, **kwargs)
    except actions.ReviewError as exc:
        raise _main().fail(str(exc)) from None


def _say(text: str) -> None:
    _main().out.print(text, highlight=False, markup=False)


# --- incidents ----------------------------------------------------------------------------------


def victims_text(inc: Incident) -> str:
    """'civilians at least 132 to 160; Islamic State (Sahel) 40'."""
    parts = [f"{v.group} {range_text(v.low, v.high, v.qualifier)}" for v in inc.victims
             if v.low is not None or v.high is not None]
    return "; ".join(parts) or "unknown"


def incidents_table(incidents: list[Incident]) -> Table:
    table = Table(header_style="bold")
    for col in ("id", "date", "type", "place", "killed", "grade", "sources", "reports", "flags"):
        table.add_column(col, overflow="fold")
    for inc in incidents:
        date = "date unknown" if inc.date_start is None else (
            str(inc.date_start) if inc.date_end in (None, inc.date_start) else f"{inc.date_start}…{inc.date_end}")
        place = ", ".join(x for x in (inc.location, inc.admin1, inc.country) if x) or "?"
        flags = [f for f, on in (("historical", inc.historical), ("reviewed", inc.reviewed), ("claim", bool(inc.claims))) if on]
        table.add_row(inc.id, date, inc.sub_event_type, place, victims_text(inc), inc.grade,
                      str(inc.independent_sources), str(len(inc.documents)), "; ".join(flags))
    return table


class Grade(str, Enum):
    Confirmed = "Confirmed"
    Fair = "Fair"
    Weak = "Weak"
    Contested = "Contested"
    Discounted = "Discounted"


def incidents_command(
    country: Annotated[Optional[str], typer.Option(help="Country name, e.g. Mali.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Incidents ending on or after YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Incidents starting on or before YYYY-MM-DD.")] = None,
    type_: Annotated[Optional[str], typer.Option("--type", help="ACLED event type.")] = None,
    grade: Annotated[Optional[Grade], typer.Option(help="Only incidents of this grade.")] = None,
    document: Annotated[Optional[str], typer.Option(help="Only incidents a report (document_id) tells.")] = None,
    historical: Annotated[bool, typer.Option("--historical/--no-historical", help="Include background incidents.")] = True,
    format: Annotated[Fmt, typer.Option("--format", "-f")] = Fmt.table,
) -> None:
    """Incidents: the events of every report fused, with the analysts' corrections."""
    from ..store import IncidentFilter

    main = _main()
    base = main.event_filter(country, since, until, type_, document, historical)
    flt = IncidentFilter(**vars(base), grade=grade.value if grade else None)
    incidents = current_incidents(_store(), flt)
    if format == Fmt.json:
        main.out.print_json(json.dumps([i.model_dump(mode="json") for i in incidents], ensure_ascii=False))
        return
    main.out.print(incidents_table(incidents))
    _say(f"{len(incidents)} incidents")


# --- review -------------------------------------------------------------------------------------


@review_app.command()
def merge(
    incidents: Annotated[list[str], typer.Argument(help="Two or more incident ids.")],
    author: Author, reason: Reason,
) -> None:
    """Make several incidents one (they must be in the same country)."""
    entry, merged = _run(actions.merge, _store(), incidents, author=author, reason=reason)
    _say(f"review #{entry.id}: merged {', '.join(incidents)} -> {merged.id if merged else '?'}")


@review_app.command()
def split(
    incident: Annotated[str, typer.Argument(help="The incident id.")],
    events: Annotated[str, typer.Option(help="Comma-separated event ids that leave into a new incident.")],
    author: Author, reason: Reason,
) -> None:
    """Move some events of an incident out into a new incident."""
    ids = [e.strip() for e in events.split(",") if e.strip()]
    entry, new = _run(actions.split, _store(), incident, ids, author=author, reason=reason)
    _say(f"review #{entry.id}: split {', '.join(ids)} out of {incident} -> {new.id if new else '?'}")


@review_app.command("set")
def set_(
    target: Annotated[str, typer.Argument(help="An event id or an incident id.")],
    field: Annotated[str, typer.Argument(help="A field of the event or incident model, e.g. location.")],
    value: Annotated[str, typer.Argument(help="The value; JSON for numbers, null, lists (12, null, [\"a\"]).")],
    author: Author, reason: Reason,
) -> None:
    """Correct one field of an event or an incident (checked against the field's type)."""
    entry = _run(actions.set_field, _store(), target, field, value, author=author, reason=reason)
    _say(f"review #{entry.id}: {target} {field}: {json.dumps(entry.before, ensure_ascii=False)} -> "
         f"{json.dumps(entry.after, ensure_ascii=False)}")


@review_app.command()
def figure(
    event: Annotated[str, typer.Argument(help="The event id.")],
    status: Annotated[FigureStatus, typer.Option(help="The figure's new status.")],
    author: Author, reason: Reason,
    evidence_start: Annotated[Optional[int], typer.Option(help="Start offset of the figure's evidence span.")] = None,
    evidence: Annotated[Optional[str], typer.Option(help="Or the text of the figure's evidence span.")] = None,
) -> None:
    """Mark one figure of an event current, superseded or discounted."""
    entry = _run(actions.set_figure, _store(), event, status.value, author=author, reason=reason,
                 evidence_start=evidence_start, evidence_text=evidence)
    _say(f"review #{entry.id}: {event} figure {entry.anchor.get('text')!r} ({entry.anchor.get('group')}): "
         f"{entry.before} -> {entry.after}")


def _log_table(entries: list[ReviewEntry]) -> Table:
    table = Table(header_style="bold")
    for col in ("#", "at", "author", "action", "target", "field", "before", "after", "anchor", "reason", "state"):
        table.add_column(col, overflow="fold")
    for e in entries:
        anchor = e.anchor.get("text") or e.anchor.get("kind") or ""
        table.add_row(str(e.id), e.at.strftime("%Y-%m-%d %H:%M"), e.author, e.action, e.target, e.field or "",
                      json.dumps(e.before, ensure_ascii=False), json.dumps(e.after, ensure_ascii=False),
                      str(anchor), e.reason, e.state)
    return table


def _emit_log(entries: list[ReviewEntry], format: Fmt, empty: str) -> None:
    main = _main()
    if format == Fmt.json:
        main.out.print_json(json.dumps([e.model_dump(mode="json") for e in entries], ensure_ascii=False))
    elif entries:
        main.out.print(_log_table(entries))
    else:
        _say(empty)


@review_app.command()
def log(format: Annotated[Fmt, typer.Option("--format", "-f")] = Fmt.table) -> None:
    """Every correction, oldest first: who, when, why, before and after, and whether it still applies."""
    _emit_log(_store().reviews(), format, "no corrections")


@review_app.command()
def pending(format: Annotated[Fmt, typer.Option("--format", "-f")] = Fmt.table) -> None:
    """Orphaned corrections: their report or evidence span is no longer in the machine output."""
    _emit_log(actions.pending(_store()), format, "no orphaned corrections")
