"""Speed of ``conflictwatch totals --parquet`` (DuckDB over a Parquet export) on synthetic events, and
of the same totals over the SQLite store, for comparison.

    .venv/bin/python benchmarks/duckdb_totals.py [--events 1000000] [--sqlite-events 20000] [--seed 7]

The generator makes incidents of 1 to 3 events (reports) each in 40 countries over 3 years, with 0 to
2 victim groups (civilians, a named armed group, soldiers), ranges and "at least" figures, one
incident in ten background (historical). It writes them as one Parquet file in the layout of
``conflictwatch export --format parquet`` (``out/bench/events-<N>.parquet``), then times
``conflictwatch.analysis.totals`` (DuckDB; the CLI's ``totals --parquet``) for every ``--by``, the best
of 3 runs each. The store path (``store.incidents()`` + ``compute_incidents``, what ``totals`` does
over SQLite) is timed over the first ``--sqlite-events`` events only: it loads every incident as a
pydantic model and ``compute_incidents`` keeps each row's reports in a list (a membership test per
report, quadratic), so 100,000 events did not finish in minutes; DuckDB is timed over the same
subset, and both must give the same rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from conflictwatch import exports
from conflictwatch.analysis import totals as parquet_totals
from conflictwatch.models import Incident, IncidentFigure, IncidentVictims
from conflictwatch.store import Store
from conflictwatch.totals import compute_incidents

OUT = Path(__file__).resolve().parents[1] / "out" / "bench"
BY = ("victim", "month", "location", "actor", "type", "country")
TYPES = [("Violence against civilians", "Attack"), ("Battles", "Armed clash"),
         ("Explosions/Remote violence", "Air/drone strike")]
GROUPS = ["civilians", "Islamic State (Sahel)", "Military Forces of Mali (2021-)"]
QUALIFIERS = ["exact", "exact", "at_least", "about"]
SOURCES = ["local officials", "security sources", "the army", "residents", "hospital staff"]


def generate(n_events: int, seed: int = 7) -> tuple[list[Incident], list[tuple[str, str, int]]]:
    """Incidents with ``n_events`` member events in all; and the events as (id, document_id, incident index)."""
    rng = random.Random(seed)
    day0 = dt.date(2021, 1, 1)
    incidents: list[Incident] = []
    events: list[tuple[str, str, int]] = []
    while len(events) < n_events:
        k = len(incidents)
        size = min(rng.choice((1, 1, 2, 3)), n_events - len(events))
        docs = [f"r{len(events) + j}" for j in range(size)]
        ids = [f"e{len(events) + j}" for j in range(size)]
        victims = []
        for group in rng.sample(GROUPS, rng.choice((0, 1, 1, 2))):
            low = rng.randint(1, 60)
            high = low + rng.choice((0, 0, rng.randint(1, 20)))
            victims.append(IncidentVictims.model_construct(
                group=group, low=low, high=high, qualifier=rng.choice(QUALIFIERS), best=low, best_rule="",
                figures=[IncidentFigure.model_construct(low=low, high=high, qualifier="exact", document_id=d,
                                                        event_id=e, source=rng.choice(SOURCES), status="current")
                         for d, e in zip(docs, ids)]))
        etype, sub = rng.choice(TYPES)
        start = day0 + dt.timedelta(days=rng.randrange(3 * 365))
        country = rng.randrange(40)
        incidents.append(Incident.model_construct(
            id=f"i{k}", date_start=start, date_end=start, date_precision="day", event_type=etype,
            sub_event_type=sub, actor1=rng.choice(GROUPS[1:] + [None]), actor2=None, location=f"Place {rng.randrange(500)}",
            latitude=None, longitude=None, admin1=None, country=f"Country {country}", iso=None, geo_precision=None,
            documents=docs, events=ids, victims=victims, claims=[], grade="Weak", grade_reason="",
            independent_sources=size, historical=rng.random() < 0.1, reviewed=False, notes=""))
        events.extend((e, d, k) for e, d in zip(ids, docs))
    return incidents, events


def parquet_of(incidents: list[Incident], events: list[tuple[str, str, int]]) -> pa.Table:
    """The export's layout (exports.parquet_schema + incident_id + incident on an incident's first
    row), built column-wise."""
    values = [exports.incident_value(inc) for inc in incidents]
    n = len(events)
    columns: dict[str, list] = {}
    for field in exports.parquet_schema():
        if field.name in exports.NESTED_FIELDS:
            columns[field.name] = ["[]"] * n
        elif field.type == pa.bool_():
            columns[field.name] = [False] * n
        elif field.name == "fatalities_qualifier":
            columns[field.name] = ["unknown"] * n
        else:
            columns[field.name] = [None] * n
    columns["id"] = [e for e, _, _ in events]
    columns["document_id"] = [d for _, d, _ in events]
    for name in ("date_start", "date_end", "event_type", "sub_event_type", "country", "location", "actor1", "historical"):
        columns[name] = [getattr(incidents[k], name) for _, _, k in events]
    columns["incident_id"] = [incidents[k].id for _, _, k in events]
    first = {}
    for row, (_, _, k) in enumerate(events):
        first.setdefault(k, row)
    columns["incident"] = [values[k] if first[k] == row else None for row, (_, _, k) in enumerate(events)]
    schema = exports.parquet_schema().append(pa.field("incident_id", pa.string())).append(
        pa.field("incident", exports.incident_type()))
    return pa.Table.from_pydict(columns, schema=schema)


def best_of(fn, runs: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--sqlite-events", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)

    t0 = time.perf_counter()
    incidents, events = generate(args.events, args.seed)
    path = OUT / f"events-{args.events}.parquet"
    pq.write_table(parquet_of(incidents, events), path)
    print(f"generated {len(events)} events in {len(incidents)} incidents -> {path} "
          f"({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f} s")

    print(f"\nDuckDB over Parquet, {len(events)} events (best of 3):")
    for by in BY:
        seconds, rows = best_of(lambda: parquet_totals(path, by))
        print(f"  totals --by {by:8} {seconds:6.3f} s  ({len(rows)} rows)")

    # the same totals over the SQLite store, on a subset
    sub_incidents = [i for i in incidents if int(i.events[-1][1:]) < args.sqlite_events]
    sub_events = [e for e in events if e[2] < len(sub_incidents)]
    sub_path = OUT / f"events-{len(sub_events)}.parquet"
    pq.write_table(parquet_of(sub_incidents, sub_events), sub_path)
    db = OUT / f"store-{len(sub_events)}.sqlite"
    db.unlink(missing_ok=True)
    store = Store(f"sqlite:///{db}")
    store.replace_incidents(sub_incidents)
    print(f"\nSQLite store vs DuckDB over Parquet, {len(sub_events)} events in {len(sub_incidents)} incidents (best of 3):")
    for by in BY:
        s_sec, s_rows = best_of(lambda: compute_incidents(store.incidents(), by))
        d_sec, d_rows = best_of(lambda: parquet_totals(sub_path, by))
        same = [r.model_dump() for r in s_rows] == [r.model_dump() for r in d_rows]
        print(f"  totals --by {by:8} SQLite {s_sec:6.3f} s   DuckDB {d_sec:6.3f} s   same rows: {same}")
        assert same, by


if __name__ == "__main__":
    main()
