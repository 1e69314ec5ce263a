"""Speed of ``conflictwatch totals --parquet`` (DuckDB over a Parquet export) on synthetic events; of
the same totals counted by an indexed PostgreSQL store; and of the store path over SQLite, for comparison.

    .venv/bin/python benchmarks/duckdb_totals.py [--events 1000000] [--sqlite-events 20000] [--seed 7]
                                                 [--no-postgres]

The generator makes incidents of 1 to 3 events (reports) each in 40 countries over 3 years, with 0 to
2 victim groups (civilians, a named armed group, soldiers), ranges and "at least" figures, one
incident in ten background (historical). It writes them as one Parquet file in the layout of
``conflictwatch export --format parquet`` (row groups of ``exports.PARQUET_ROW_GROUP`` rows, as the
export writes them) to ``out/bench/events-<N>.parquet``, then times ``conflictwatch.analysis.totals``
for every ``--by``, the best of 3 runs each (a new DuckDB connection per run, as the CLI makes):
counts only (``reports=False``: the CLI's table, ``totals --parquet``) and with each row's ordered
report ids (``reports=True``: ``totals --parquet --format json``).

PostgreSQL (skipped with ``--no-postgres`` or without the server's binaries): a server started as the
tests start it (``tests/pg.py``), the same incidents written with ``Store.replace_incidents`` into a
store made by the migrations (its indexes: country, date, type, grade, country+date), then the same
counts-only totals computed by PostgreSQL in SQL over the stored incidents' JSON (``PG_TOTALS``
below: the benchmark's, not a CLI path), every row checked against DuckDB's; and once filtered by one
country, which the country index serves.

The store path (``store.incidents()`` + ``compute_incidents``, what ``totals`` does over a store) is
timed over the first ``--sqlite-events`` events only: it loads every incident as a pydantic model and
``compute_incidents`` keeps each row's reports in a list (a membership test per report, quadratic), so
100,000 events did not finish in minutes; DuckDB is timed over the same subset, and both must give the
same rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from conflictwatch import exports
from conflictwatch.analysis import totals as parquet_totals
from conflictwatch.analysis.duckdb import NO_FIGURES
from conflictwatch.models import QUALIFIER_STRENGTH, Incident, IncidentFigure, IncidentVictims
from conflictwatch.store import EventFilter, Store
from conflictwatch.totals import Total, compute_incidents

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "out" / "bench"
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
    parser.add_argument("--postgres", action=argparse.BooleanOptionalAction, default=True,
                        help="also time the totals in an indexed PostgreSQL store (a server started for it)")
    parser.add_argument("--pg-runs", type=int, default=3, help="runs of each PostgreSQL query (the best is shown)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)

    t0 = time.perf_counter()
    incidents, events = generate(args.events, args.seed)
    path = OUT / f"events-{args.events}.parquet"
    pq.write_table(parquet_of(incidents, events), path, row_group_size=exports.PARQUET_ROW_GROUP)
    print(f"generated {len(events)} events in {len(incidents)} incidents -> {path} "
          f"({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f} s")

    print(f"\nDuckDB over Parquet, {len(events)} events in {len(incidents)} incidents (best of 3):")
    counted: dict[str, list[Total]] = {}
    for by in BY:
        seconds, counted[by] = best_of(lambda: parquet_totals(path, by, reports=False))
        listed_seconds, listed = best_of(lambda: parquet_totals(path, by))
        assert [t.report_count for t in counted[by]] == [len(t.reports) for t in listed], by
        print(f"  totals --by {by:8} counts {seconds:6.3f} s   with report ids {listed_seconds:6.3f} s"
              f"  ({len(listed)} rows)")

    if args.postgres:
        postgres(incidents, path, counted, args.pg_runs)

    # the same totals over the SQLite store, on a subset
    sub_incidents = [i for i in incidents if int(i.events[-1][1:]) < args.sqlite_events]
    sub_events = [e for e in events if e[2] < len(sub_incidents)]
    sub_path = OUT / f"events-{len(sub_events)}.parquet"
    pq.write_table(parquet_of(sub_incidents, sub_events), sub_path, row_group_size=exports.PARQUET_ROW_GROUP)
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


# --- PostgreSQL ----------------------------------------------------------------------------------------

_STRENGTH = ("CASE {q} " + " ".join(f"WHEN '{name}' THEN {rank}" for name, rank in QUALIFIER_STRENGTH.items())
             + " ELSE 0 END")
_QUALIFIER_OF = {rank: name for name, rank in QUALIFIER_STRENGTH.items()}
PG_KEYS = {
    "month": "coalesce(to_char(date_start, 'YYYY-MM'), 'unknown date')",
    "location": "coalesce(nullif(data->>'location', ''), 'unknown place')",
    "actor": "coalesce(nullif(data->>'actor1', ''), 'unidentified')",
    "type": "event_type",
    "country": "coalesce(nullif(country, ''), 'unknown country')",
}


def pg_totals_sql(by: str, where: str) -> str:
    """``compute_incidents`` over the stored incidents, counts only, in PostgreSQL's SQL: per row the sums
    of the incidents' low and high figures, the weakest qualifier, how many incidents, member events,
    incidents without figures and distinct reports, and the sources in the order of their first
    appearance (incident date NULL first, id, victim group, figure). Victim groups are unique within an
    incident (fusion gives one range per group)."""
    known = "(v->>'low' IS NOT NULL OR v->>'high' IS NOT NULL)"
    strength = _STRENGTH.format(q="v->>'qualifier'")
    if by == "victim":  # a row per known victim group of an incident; an incident without figures apart
        rows = f"""SELECT v->>'group' AS k, id, vpos, strength, (v->>'low')::bigint AS low,
                          coalesce((v->>'high')::bigint, (v->>'low')::bigint, 0) AS high, 0 AS unknown FROM known
                   UNION ALL
                   SELECT '{NO_FIGURES}', id, 0, 0, 0, 0, 1 FROM incs
                   WHERE NOT EXISTS (SELECT 1 FROM known WHERE known.id = incs.id)"""
        sums = "sum(low) AS low, sum(high) AS high"
        sources_of = "SELECT r.k, r.id, r.vpos, known.v FROM rows r JOIN known ON known.id = r.id AND known.vpos = r.vpos"
    else:  # a row per incident, its figures summed (the strongest qualifier of its known figures)
        rows = """SELECT incs.key AS k, incs.id, 0 AS vpos, max(known.strength) AS strength,
                         sum(coalesce((v->>'low')::bigint, 0)) AS low,
                         sum(coalesce((v->>'high')::bigint, (v->>'low')::bigint, 0)) AS high,
                         CASE WHEN count(known.id) = 0 THEN 1 ELSE 0 END AS unknown
                  FROM incs LEFT JOIN known ON known.id = incs.id GROUP BY incs.key, incs.id"""
        sums = "sum(coalesce(low, 0)) AS low, sum(coalesce(high, 0)) AS high"
        sources_of = "SELECT r.k, r.id, vic.vpos, vic.v FROM rows r JOIN vic USING (id)"
    return f"""
      WITH incs AS MATERIALIZED (
             SELECT id, date_start, {'NULL' if by == 'victim' else PG_KEYS[by]} AS key,
                    json_array_length(data->'events') AS n_events, data->'documents' AS documents,
                    data->'victims' AS victims
             FROM incidents {where}),
      vic AS (SELECT incs.id, v.value AS v, v.pos AS vpos
              FROM incs CROSS JOIN LATERAL json_array_elements(incs.victims) WITH ORDINALITY AS v(value, pos)),
      known AS MATERIALIZED (SELECT id, v, vpos, {strength} AS strength FROM vic WHERE {known}),
      rows AS MATERIALIZED ({rows}),
      agg AS (SELECT k, count(*) AS incidents, sum(incs.n_events) AS events, sum(unknown) AS unknown,
                     max(CASE WHEN strength = {QUALIFIER_STRENGTH['unknown']} THEN 0 ELSE coalesce(strength, 0) END)
                       AS strength, {sums}
              FROM rows JOIN incs USING (id) GROUP BY k),
      docs AS (SELECT k, count(DISTINCT d) AS reports
               FROM rows JOIN incs USING (id) CROSS JOIN LATERAL json_array_elements_text(incs.documents) AS d
               GROUP BY k),
      firsts AS (SELECT DISTINCT ON (k, s) k, s, date_start, id, vpos, fpos FROM (
                   SELECT x.k, f->>'source' AS s, incs.date_start, x.id, x.vpos, fpos
                   FROM ({sources_of}) AS x JOIN incs USING (id)
                        CROSS JOIN LATERAL json_array_elements(x.v->'figures') WITH ORDINALITY AS f(f, fpos)
                   WHERE f->>'status' = 'current' AND coalesce(f->>'source', '') <> '') AS y
                 ORDER BY k, s, date_start NULLS FIRST, id, vpos, fpos),
      sources AS (SELECT k, array_agg(s ORDER BY date_start NULLS FIRST, id, vpos, fpos) AS sources
                  FROM firsts GROUP BY k)
      SELECT agg.k, agg.low, agg.high, agg.strength, agg.incidents, agg.events, agg.unknown, docs.reports,
             sources.sources
      FROM agg LEFT JOIN docs USING (k) LEFT JOIN sources USING (k)"""


def pg_totals(store: Store, by: str, country: str | None = None) -> list[tuple]:
    from sqlalchemy import text

    where = "WHERE NOT historical" + (" AND country = :country" if country else "")
    with store.engine.connect() as conn:
        conn.execute(text("SET work_mem = '256MB'"))
        conn.execute(text("SET jit = off"))  # its estimates of the JSON functions make JIT compile for 0.6 s
        rows = conn.execute(text(pg_totals_sql(by, where)), {"country": country} if country else {}).all()
    out = [(k, int(low), int(high), _QUALIFIER_OF[int(st or 0)], int(n), int(ev or 0), int(unk), int(docs or 0),
            list(srcs or [])) for k, low, high, st, n, ev, unk, docs, srcs in rows]
    return sorted(out, key=lambda r: (-r[2], r[0]))


def as_rows(totals: list[Total]) -> list[tuple]:
    return [(t.key, t.killed_low, t.killed_high, t.qualifier, t.incidents, t.events, t.events_unknown,
             t.report_count, t.sources) for t in totals]


def postgres(incidents: list[Incident], path: Path, counted: dict[str, list[Total]], runs: int) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.pg import start_server  # the tests' server: initdb + pg_ctl on a free port, as postgres when root

    try:
        server = start_server()
    except RuntimeError as exc:
        print(f"\nPostgreSQL skipped: {exc}")
        return
    try:
        server.sql('CREATE DATABASE "bench"')
        store = Store(server.url("bench"))
        t0 = time.perf_counter()
        store.replace_incidents(incidents)
        with store.engine.begin() as conn:
            from sqlalchemy import text

            conn.execute(text("ANALYZE"))
        print(f"\nPostgreSQL {server.url('bench')}: {len(incidents)} incidents written with "
              f"Store.replace_incidents in {time.perf_counter() - t0:.1f} s")
        print(f"PostgreSQL, the same totals counted in SQL (best of {runs}):")
        for by in BY:
            seconds, rows = best_of(lambda: pg_totals(store, by), runs)
            same = rows == as_rows(counted[by])
            print(f"  totals --by {by:8} {seconds:6.3f} s  ({len(rows)} rows)   same rows as DuckDB: {same}")
            assert same, by
        country = "Country 7"
        seconds, rows = best_of(lambda: pg_totals(store, "victim", country), runs)
        expected = as_rows(parquet_totals(path, "victim", EventFilter(country=country), reports=False))
        with store.engine.connect() as conn:
            from sqlalchemy import text

            plan = " ".join(r[0] for r in conn.execute(text(
                "EXPLAIN SELECT id FROM incidents WHERE NOT historical AND country = 'Country 7'")))
        index = next((w for w in plan.split() if w.startswith("ix_incidents")), "no index")
        print(f"  totals --by victim --country '{country}' {seconds:6.3f} s (through {index})  "
              f"same rows as DuckDB: {rows == expected}")
        assert rows == expected
        store.engine.dispose()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
