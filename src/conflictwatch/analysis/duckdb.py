"""``totals`` and ``events`` over a Parquet export (``conflictwatch export --format parquet``), through
DuckDB, without the store.

The rows are the export's: one per event, its fields as in the store, nested fields as JSON strings,
and (since the CLI's export writes them) ``incident_id`` and ``incident``: what the totals need of the
event's incident, fused as in the store, on the incident's first row only (one file holds each
incident once; over several files an incident is deduplicated by its id). :func:`totals` gives exactly what
:func:`conflictwatch.totals.compute_incidents` gives over the store's incidents: each incident counted
once (its rows are deduplicated by ``incident.id``), per victim group its low..high, ranges that keep
the weakest qualifier, claims never counted, background (historical) incidents left out unless asked
for; the aggregation runs in SQL and only the few result rows become :class:`~conflictwatch.totals.Total`.
With ``reports=False`` (the CLI's table, which shows how many reports, not which) each row's reports
are counted, never listed: rows are :class:`CountedTotal` with ``report_count`` and an empty
``reports``; ordering the hundreds of thousands of report ids of a row took most of the time.

Filters are the store's (:class:`~conflictwatch.store.EventFilter`), as SQL with bound parameters:
events ending on or after ``since`` (an event without ``date_end`` never does, as in the store),
starting on or before ``until``, of a country, a type, a report. A report id is matched as written
(the store's aliases of a report are not in the export).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..exports import NESTED_FIELDS
from ..models import QUALIFIER_STRENGTH, Event, VictimCount
from ..store import Q_FIELDS, EventFilter
from ..totals import By, Total

NO_FIGURES = "unknown (no figures)"

#: SQL of a row's key per ``by`` (over the ``incident`` struct's fields, as columns), as totals.INCIDENT_KEYS
INCIDENT_KEY_SQL: dict[str, str] = {
    "month": "coalesce(strftime(date_start, '%Y-%m'), 'unknown date')",
    "location": "coalesce(nullif(\"location\", ''), 'unknown place')",
    "actor": "coalesce(nullif(actor1, ''), 'unidentified')",
    "type": "event_type",
    "country": "coalesce(nullif(country, ''), 'unknown country')",
}
#: the fields of the ``incident`` struct totals read (DuckDB reads from the file only those a query uses)
INCIDENT_FIELDS = ("id", "date_start", "date_end", "event_type", "location", "actor1", "country", "historical",
                   "documents", "events", "victims")

_STRENGTH_SQL = ("CASE {q} " + " ".join(f"WHEN '{name}' THEN {rank}" for name, rank in QUALIFIER_STRENGTH.items())
                 + " ELSE 0 END")
_UNKNOWN = QUALIFIER_STRENGTH["unknown"]
_QUALIFIER_OF = {rank: name for name, rank in QUALIFIER_STRENGTH.items()}


class ParquetError(Exception):
    """A Parquet path that cannot be read as a conflictwatch export (one line, for the CLI)."""


class CountedTotal(Total):
    """A row of :func:`totals` with ``reports=False``: how many distinct reports (``report_count``);
    ``reports`` is left empty."""

    report_count: int = 0


def parquet_files(path: Path | str) -> list[Path]:
    """The Parquet files of ``path``: the file itself, or a directory's ``*.parquet`` files by name."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.glob("*.parquet") if p.is_file())
        if not files:
            raise ParquetError(f"no .parquet files in {path}")
        return files
    if not path.is_file():
        raise ParquetError(f"no Parquet export at {path}")
    return [path]


def _connect():
    import duckdb

    return duckdb.connect(":memory:")


def _source(files: list[Path]) -> tuple[str, list]:
    return "read_parquet(?, union_by_name = true)", [[str(f) for f in files]]


def _columns(con, files: list[Path]) -> set[str]:
    sql, params = _source(files)
    try:
        return {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {sql}", params).fetchall()}
    except Exception as exc:  # noqa: BLE001 - any reader error becomes one line
        raise ParquetError(f"cannot read {', '.join(map(str, files))} as Parquet: {str(exc).splitlines()[0]}") from None


def _where(flt: EventFilter, prefix: str = "", *, incidents: bool = False) -> tuple[list[str], list]:
    """SQL conditions (bound parameters) of the filter; ``incidents``: over the incident's fields (a row of
    incidents, not of events: a report filter looks in its documents)."""
    conds: list[str] = []
    params: list = []

    def cond(sql: str, *values) -> None:
        conds.append(sql)
        params.extend(values)

    p = prefix
    if flt.country:
        cond(f"{p}country = ?", flt.country)
    if flt.since:
        cond(f"{p}date_end >= ?", flt.since)
    if flt.until:
        cond(f"{p}date_start <= ?", flt.until)
    if flt.event_type:
        cond(f"{p}event_type = ?", flt.event_type)
    if flt.document_id:
        cond(f"list_contains({p}documents, ?)" if incidents else f"{p}document_id = ?", flt.document_id)
    if not flt.include_historical:
        cond(f"NOT coalesce({p}historical, false)")
    extra = {"admin1": flt.admin1, "actor": flt.actor, "bbox": flt.bbox, "q": flt.q}
    if incidents and any(v for v in extra.values()):
        raise ParquetError(f"totals over Parquet cannot filter by {', '.join(k for k, v in extra.items() if v)}")
    if flt.admin1:
        cond(f"{p}admin1 = ?", flt.admin1)
    if flt.actor:
        cond(f"({p}actor1 = ? OR {p}actor2 = ?)", flt.actor, flt.actor)
    if flt.bbox:
        lon0, lat0, lon1, lat1 = flt.bbox
        cond(f"{p}latitude BETWEEN ? AND ? AND {p}longitude BETWEEN ? AND ?", lat0, lat1, lon0, lon1)
    if flt.q:
        cond("(" + " OR ".join(f"contains(lower({p}{f}), ?)" for f in Q_FIELDS) + ")", *[flt.q.lower()] * len(Q_FIELDS))
    return conds, params


def read_events(path: Path | str, flt: EventFilter | None = None) -> list[Event]:
    """The events of a Parquet export matching the filter, in the store's order (date, report, id)."""
    flt = flt or EventFilter()
    files = parquet_files(path)
    con = _connect()
    try:
        have = _columns(con, files)
        wanted = list(Event.model_fields)
        missing = [c for c in wanted if c not in have]
        if missing:
            raise ParquetError(f"{path} is not a conflictwatch events export (no column {missing[0]})")
        source, params = _source(files)
        conds, more = _where(flt)
        select = ", ".join(f'"{c}"' for c in wanted)
        sql = (f"SELECT {select} FROM {source}"
               + (f" WHERE {' AND '.join(conds)}" if conds else "")
               + " ORDER BY date_start NULLS FIRST, document_id, id")
        rows = con.execute(sql, params + more).fetchall()
    finally:
        con.close()
    events = []
    for row in rows:
        data = dict(zip(wanted, row))
        for name in NESTED_FIELDS:
            data[name] = json.loads(data[name]) if data[name] else []
        events.append(Event.model_validate(data))
    return events


def totals(path: Path | str, by: By = "victim", flt: EventFilter | None = None,
           include_historical: bool = False, *, reports: bool = True) -> list[Total]:
    """Totals over the incidents of a Parquet export, each counted once: the same rows as
    ``compute_incidents(store.incidents(flt), by, include_historical)`` over the store it came from.
    ``reports=False``: :class:`CountedTotal` rows, the reports counted instead of listed (faster)."""
    flt = flt or EventFilter()
    files = parquet_files(path)
    con = _connect()
    try:
        if "incident" not in _columns(con, files):
            raise ParquetError(f"{path} has no incident column: export it again with "
                               "`conflictwatch export --format parquet` to count incidents")
        source, params = _source(files)
        conds, more = _where(flt, "", incidents=True)
        if not include_historical:
            conds.append("NOT coalesce(historical, false)")
        where = f"WHERE {' AND '.join(conds)}" if conds else ""
        strength = _STRENGTH_SQL.format(q="v.qualifier")
        known = "(v.low IS NOT NULL OR v.high IS NOT NULL)"
        # an incident's place in the store's order (date, NULL first, then id) as a sortable struct: the
        # first appearance of a report or a source is the least (rank, position); no window over every
        # incident (sorting the incidents with their lists took most of the time)
        rank = "(date_start IS NOT NULL, coalesce(date_start, DATE '0001-01-01'), id)"
        if by == "victim":
            # a row per known victim group of an incident (what compute_incidents counts), and an
            # incident without any figure under NO_FIGURES
            key, extra = "NULL", f"coalesce(list_bool_or([{known} FOR v IN victims]), false) AS any_known"
            parts = f"""SELECT v."group" AS key, rk, vpos, v, documents, events
                        FROM (SELECT rk, documents, events, unnest(victims) AS v, generate_subscripts(victims, 1) AS vpos
                              FROM incs) WHERE {known}"""
            agg = f"""SELECT key, sum(coalesce(v.low, 0)) AS killed_low, sum(coalesce(v.high, v.low, 0)) AS killed_high,
                             max(CASE WHEN {strength} = {_UNKNOWN} THEN 0 ELSE {strength} END) AS strength,
                             count(*) AS incidents, sum(events) AS events, 0 AS events_unknown
                      FROM parts GROUP BY key
                      UNION ALL
                      SELECT '{NO_FIGURES}', 0, 0, 0, count(*), sum(events), count(*) FROM incs WHERE NOT any_known
                      HAVING count(*) > 0"""
            documents = f"""SELECT key, rk, documents FROM parts
                            UNION ALL SELECT '{NO_FIGURES}', rk, documents FROM incs WHERE NOT any_known"""
            sources = "SELECT key, rk, vpos, v FROM parts"
        else:
            # per incident: the strongest qualifier of its known figures (NULL: it has none)
            key, extra = INCIDENT_KEY_SQL[by], f"list_max([{strength} FOR v IN victims IF {known}]) AS smax"
            parts = """SELECT key, rk, unnest(victims) AS v, generate_subscripts(victims, 1) AS vpos FROM incs"""
            agg = f"""SELECT key, coalesce(sums.low, 0) AS killed_low, coalesce(sums.high, 0) AS killed_high, strength,
                             incidents, events, events_unknown
                      FROM (SELECT key, count(*) AS incidents, sum(events) AS events,
                                   count(*) FILTER (WHERE smax IS NULL) AS events_unknown,
                                   max(CASE WHEN smax = {_UNKNOWN} THEN 0 ELSE coalesce(smax, 0) END) AS strength
                            FROM incs GROUP BY key) AS per
                      LEFT JOIN (SELECT key, sum(coalesce(v.low, 0)) AS low, sum(coalesce(v.high, v.low, 0)) AS high
                                 FROM parts WHERE {known} GROUP BY key) AS sums USING (key)"""
            documents = "SELECT key, rk, documents FROM incs"
            sources = "SELECT key, rk, vpos, v FROM parts"
        if reports:  # each row's reports, in the order of their first incident
            docs_list = f"""SELECT key, list(d ORDER BY r) AS reports FROM (
                              SELECT key, d, min(r) AS r FROM (
                                SELECT key, unnest(documents) AS d, (rk, generate_subscripts(documents, 1)) AS r
                                FROM ({documents})) GROUP BY key, d) GROUP BY key"""
        else:  # how many: no order, no list
            docs_list = f"""SELECT key, count(DISTINCT d) AS reports
                            FROM (SELECT key, unnest(documents) AS d FROM ({documents})) GROUP BY key"""
        # one file: the export writes each incident once (on its first row); several files may
        # each hold a row of one incident, so they are deduplicated by its id
        # (the struct's fields as columns: only those the query uses are read)
        if len(files) == 1:
            fields = ", ".join(f'incident."{f}" AS "{f}"' for f in INCIDENT_FIELDS)
            uniq = f"SELECT {fields} FROM {source} WHERE incident.id IS NOT NULL"
        else:
            fields = ", ".join(f'any_value(incident."{f}") AS "{f}"' for f in INCIDENT_FIELDS)
            uniq = f"SELECT {fields} FROM {source} WHERE incident.id IS NOT NULL GROUP BY incident.id"
        sql = f"""
          WITH incs AS MATERIALIZED (
                   SELECT {key} AS key, {rank} AS rk, documents, events, victims, {extra}
                   FROM ({uniq}) {where}),
          parts AS ({parts}),
          agg AS ({agg}),
          srcs AS (SELECT key, s, min(r) AS r FROM (
                     SELECT key, unnest(v.sources) AS s, (rk, vpos, generate_subscripts(v.sources, 1)) AS r
                     FROM ({sources}))
                   WHERE s IS NOT NULL AND s <> '' GROUP BY key, s)
          SELECT agg.*, dl.reports, sl.sources
          FROM agg LEFT JOIN ({docs_list}) AS dl USING (key)
                   LEFT JOIN (SELECT key, list(s ORDER BY r) AS sources FROM srcs GROUP BY key) AS sl USING (key)"""
        try:
            rows = con.execute(sql, params + more).fetchall()
        except Exception as exc:  # noqa: BLE001 - a malformed export becomes one line
            raise ParquetError(f"cannot total {path}: {str(exc).splitlines()[0]}") from None
    finally:
        con.close()
    out: list[Total] = [
        Total(key=key, killed_low=int(low), killed_high=int(high), qualifier=_QUALIFIER_OF[int(strength or 0)],
              incidents=int(n), events=int(n_events or 0), events_unknown=int(unknown),
              reports=list(docs or []), sources=list(sources or [])) if reports else
        CountedTotal(key=key, killed_low=int(low), killed_high=int(high), qualifier=_QUALIFIER_OF[int(strength or 0)],
                     incidents=int(n), events=int(n_events or 0), events_unknown=int(unknown),
                     report_count=int(docs or 0), sources=list(sources or []))
        for key, low, high, strength, n, n_events, unknown, docs, sources in rows]
    return sorted(out, key=lambda t: (-t.killed_high, t.key))


def stated_totals(path: Path | str) -> dict[str, list[VictimCount]]:
    """report id -> the totals it states itself, as the export kept them (its file metadata)."""
    import pyarrow.parquet as pq

    stated: dict[str, list[VictimCount]] = {}
    for f in parquet_files(path):
        meta = pq.read_schema(f).metadata or {}
        raw = meta.get(b"conflictwatch.stated_totals")
        for doc, values in (json.loads(raw) if raw else {}).items():
            stated.setdefault(doc, [VictimCount.model_validate(v) for v in values])
    return stated
