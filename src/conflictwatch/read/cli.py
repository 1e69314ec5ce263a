"""`conflictwatch watch` and `conflictwatch reports`: thin shells over ``read.watch`` and the store."""

from __future__ import annotations

import json
import time
from enum import Enum
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from ..ingest import check_country
from .fetch import is_url, normalize_url
from .settings import parse_duration, web_settings


class Fmt(str, Enum):
    table = "table"
    json = "json"


def _cli():
    from .. import cli  # imported here: the main CLI registers these commands

    return cli


def _ordinal_failures(n: int) -> str:
    return "1 failure" if n == 1 else f"{n} failures"


def watch_command(
    feeds: Annotated[list[str], typer.Argument(help="RSS or Atom feed URLs.", metavar="FEED_URL",
                                               show_default=False)],
    every: Annotated[Optional[str], typer.Option(help="Time between polls, e.g. 15m, 1h, 90s "
                                                      "(default: web.yaml feeds.every, 15m)", show_default=False)] = None,
    once: Annotated[bool, typer.Option("--once", help="Poll each feed once and stop.")] = False,
    rounds: Annotated[Optional[int], typer.Option(min=1, help="Stop after this many polls of each feed.")] = None,
    country: Annotated[Optional[str], typer.Option(help="The feeds' country (ISO2 or a name) for reports that "
                                                        "never name it.")] = None,
) -> None:
    """Follow RSS/Atom feeds: ingest their new items, a line per new event.

    Only new items are fetched (ETag / Last-Modified, seen items kept in the store); the incidents are
    refreshed after each poll. A feed that fails is reported and tried again at the next poll; it never
    stops the others."""
    from .watch import watch_round

    cli = _cli()
    try:
        settings = web_settings()
        interval = parse_duration(every) if every is not None else settings.feeds.every_seconds
        iso = check_country(country, "--country")
    except ValueError as exc:  # InputError, LexiconError and a bad duration are all ValueErrors
        raise cli.fail(f"--every: {exc}" if every is not None and "duration" in str(exc) else str(exc)) from None
    bad = [f for f in feeds if not is_url(f)]
    if bad:
        raise cli.fail(f"{bad[0]}: not an http(s) feed URL")
    feeds = list(dict.fromkeys(normalize_url(f) for f in feeds))
    store = cli.open_store()
    engine = None

    def engine_once():
        nonlocal engine
        if engine is None:
            engine = cli.make_engine()
        return engine

    limit = 1 if once else rounds
    done_rounds = 0
    failed = False
    try:
        while True:
            rnd = watch_round(store, feeds, engine_once, settings=settings, country=iso)
            done_rounds += 1
            failed = _print_round(cli, store, rnd, done_rounds) or failed
            if limit is not None and done_rounds >= limit:
                break
            time.sleep(interval)
    except KeyboardInterrupt:  # pragma: no cover - the user stops a long watch
        cli.err.print(f"stopped after {done_rounds} poll(s)", highlight=False, soft_wrap=True, markup=False)
        return
    if failed:
        raise typer.Exit(1)


def _print_round(cli, store, rnd, number: int) -> bool:
    out, err = cli.out, cli.err
    for item in rnd.items:
        if item.status in ("failed", "gave_up"):
            then = "given up" if item.status == "gave_up" else "tried again at the next poll"
            err.print(f"[red]failed[/] {escape(item.error or '')} (attempt {item.attempts}; {then})", highlight=False, soft_wrap=True)
        elif item.status == "unsupported":
            err.print(f"[yellow]unsupported[/] {escape(item.item.link or item.item.key)}: {escape(item.error or '')}; "
                      "not stored", highlight=False, soft_wrap=True)
    if rnd.reports_written:
        cli.refresh_incidents(store)
    incidents = store.incident_ids() if rnd.reports_written else {}
    for item in rnd.items:
        if item.status == "unchanged":
            how = "already ingested from this URL" if item.known_url else "same text as a stored report; URL listed with it"
            out.print(f"{'unchanged':9} {item.origin} -> {item.report_id}: {how}", highlight=False, soft_wrap=True, markup=False)
        for e in item.events:
            where = f"{e.location or '?'}, {e.country or '?'}"
            actors = " vs ".join(a for a in (e.actor1, e.actor2) if a) or "?"
            inc = incidents.get(e.id)
            out.print(f"new event {cli.date_text(e)}  {e.sub_event_type}  {actors}  {where}  killed "
                      f"{cli.fatalities_text(e)}{f'  [{inc}]' if inc else ''}  <- {item.origin}", highlight=False, soft_wrap=True, markup=False)
    for feed in rnd.feeds:
        name = f"{feed.url}" + (f" ({feed.title})" if feed.title else "")
        if feed.status == "failed":
            err.print(f"[red]error[/] {escape(feed.error or '')} ({_ordinal_failures(feed.failures)} in a row; tried again at the "
                      "next poll)", highlight=False, soft_wrap=True)
        elif feed.status == "not_modified":
            out.print(f"feed {name}: not modified", highlight=False, soft_wrap=True, markup=False)
        else:
            ok = sum(1 for i in rnd.items if i.feed == feed.url and i.status not in ("failed", "gave_up"))
            bad = sum(1 for i in rnd.items if i.feed == feed.url and i.status in ("failed", "gave_up"))
            out.print(f"feed {name}: {feed.items} items, {feed.new_items} new; {ok} ingested, {bad} failed",
                      highlight=False, soft_wrap=True, markup=False)
    n_events = sum(len(i.events) for i in rnd.items)
    out.print(f"poll {number}: {rnd.reports_written} reports written, {n_events} new events, "
              f"{sum(f.status == 'failed' for f in rnd.feeds)} feeds failed, {rnd.requests} requests", highlight=False, soft_wrap=True, markup=False)
    return rnd.failed


def reports_command(
    format: Annotated[Fmt, typer.Option("--format", "-f")] = Fmt.table,
    url: Annotated[Optional[str], typer.Option(help="Only the report read from this URL.")] = None,
) -> None:
    """Stored reports with their outlet, date, title and every URL of their text.

    A wire story republished by several sites is one report, listed with all its URLs."""
    cli = _cli()
    store = cli.open_store()
    urls = store.report_urls()
    reports = store.reports()
    if url is not None:
        known = store.report_for_url(normalize_url(url))
        if known is None:
            raise cli.fail(f"{url}: no stored report was read from this URL")
        reports = [r for r in reports if r.id == known[0].id]
    rows = [{"id": r.id, "published": r.published, "source": r.source, "title": r.title,
             "urls": [u["url"] for u in urls.get(r.id, [])] or ([r.url] if r.url else []),
             "outlets": sorted({u["source"] for u in urls.get(r.id, []) if u["source"]})} for r in reports]
    if format == Fmt.json:
        cli.out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(header_style="bold")
    for col in ("id", "published", "source", "title", "urls"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["id"], r["published"] or "", r["source"] or "", r["title"] or "", "\n".join(r["urls"]))
    cli.out.print(table)
    cli.out.print(f"{len(rows)} reports", highlight=False, soft_wrap=True, markup=False)


__all__ = ["reports_command", "watch_command"]
