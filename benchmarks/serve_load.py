"""Load on `conflictwatch serve`: mixed reads at a fixed rate over a store of synthetic events.

    .venv/bin/python benchmarks/serve_load.py [--events 100000] [--rate 200] [--duration 60]

Builds (once, kept in out/bench/serve-N.sqlite) a store of N synthetic events in 10 countries over
three years, one report per event and one incident per two events, written straight to the
store's tables (the engine is not what is measured). Starts `conflictwatch serve` on 127.0.0.1 on a
free port (a subprocess, ``--workers`` uvicorn workers, 2 by default), then sends requests at a fixed rate for a bounded
time (open loop: each request is due at a fixed time, its latency counted from then) from 24 threads
with the standard library's http.client, and prints, per
kind of request, the count, errors, p50, p95 and p99 latency in ms; it writes the same to
out/bench/serve_load.json. The target (issue 9): 0 errors and p95 < 50 ms for
/incidents?country=...&limit=50 at 200 requests/s for 60 s. Loopback only, never another host.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = [("Mali", "ML", 16.0, -1.0), ("Burkina Faso", "BF", 12.5, -1.5), ("Niger", "NE", 15.0, 6.0),
             ("Nigeria", "NG", 10.0, 8.0), ("Sudan", "SD", 14.0, 30.0), ("Somalia", "SO", 4.0, 45.0),
             ("Democratic Republic of Congo", "CD", -2.0, 28.0), ("Ukraine", "UA", 48.5, 35.0),
             ("Syria", "SY", 35.0, 38.0), ("Yemen", "YE", 15.5, 47.0)]
TYPES = [("Violence against civilians", "Attack"), ("Battles", "Armed clash"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Riots", "Mob violence")]
START = dt.date(2021, 1, 1)


def build(path: Path, n_events: int, seed: int = 9) -> None:
    """N events (one report each) and N/2 incidents, straight into the store's tables."""
    from sqlalchemy import insert
    from sqlalchemy.orm import Session

    from conflictwatch.models import Evidence, Event, Incident, IncidentFigure, IncidentVictims, VictimCount
    from conflictwatch.store import EventRow, IncidentMemberRow, IncidentRow, ReportRow, Store

    if n_events % 2:  # every event in an incident of two: the store counts as fused (no refresh on read)
        raise SystemExit("--events must be even")
    rng = random.Random(seed)
    store = Store(f"sqlite:///{path}")
    now = dt.datetime.now(dt.timezone.utc)
    reports, events, incidents, members = [], [], [], []
    pending: Event | None = None
    for i in range(n_events):
        country, iso, lat, lon = COUNTRIES[i % len(COUNTRIES)]
        etype, sub = TYPES[rng.randrange(len(TYPES))]
        day = START + dt.timedelta(days=rng.randrange(3 * 365))
        place = f"Place {rng.randrange(500)}"
        killed = rng.randrange(0, 40)
        sentence = f"On {day:%B %d}, gunmen killed {killed} civilians in {place}, local officials said."
        doc = f"bench-{i:07d}"
        ev = Evidence(field="fatalities", text=f"{killed} civilians", start=sentence.index(f"{killed} civilians"),
                      end=sentence.index(f"{killed} civilians") + len(f"{killed} civilians"), sentence=sentence,
                      sentence_start=0, sentence_end=len(sentence))
        figure = VictimCount(group="civilians", killed_low=killed, killed_high=killed, qualifier="exact",
                             source="local officials", evidence=[ev])
        event = Event(id=f"{i:016x}", document_id=doc, date_start=day, date_end=day, date_precision="day",
                      event_type=etype, sub_event_type=sub, actor1="Unidentified Armed Group", actor2="Civilians",
                      location=place, latitude=lat + rng.uniform(-2, 2), longitude=lon + rng.uniform(-2, 2),
                      admin1=f"Region {rng.randrange(8)}", country=country, iso=iso, geo_precision=rng.choice([1, 2, 3]),
                      fatalities_low=killed, fatalities_best=killed, fatalities_high=killed, fatalities_qualifier="exact",
                      victims=[figure], figures=[figure], sources=["local officials"], evidence=[ev])
        reports.append(dict(id=doc, content_hash=f"{i:064x}", text=sentence, source="Bench Wire", url=None, title=None,
                            published=day.isoformat(), extractor_version="bench", stated_totals=[], ingested_at=now))
        events.append(dict(id=event.id, document_id=doc, date_start=day, date_end=day, event_type=etype,
                           sub_event_type=sub, country=country, location=place, fatalities_low=killed,
                           fatalities_high=killed, historical=False, data=event.model_dump(mode="json", exclude={"mentions"})))
        if pending is None:
            pending = event
            continue
        a, b = pending, event
        pending = None
        inc = Incident(id=f"inc-{a.id}", date_start=a.date_start, date_end=a.date_end, date_precision="day",
                       event_type=a.event_type, sub_event_type=a.sub_event_type, actor1=a.actor1, actor2=a.actor2,
                       location=a.location, latitude=a.latitude, longitude=a.longitude, admin1=a.admin1,
                       country=a.country, iso=a.iso, geo_precision=a.geo_precision, documents=[a.document_id, b.document_id],
                       events=[a.id, b.id], grade="Fair", independent_sources=2, victims=[IncidentVictims(
                           group="civilians", low=min(a.fatalities_low, b.fatalities_low),
                           high=max(a.fatalities_high, b.fatalities_high), qualifier="exact",
                           figures=[IncidentFigure(low=e.fatalities_low, high=e.fatalities_high, qualifier="exact",
                                                   source="local officials", document_id=e.document_id, event_id=e.id,
                                                   evidence=e.evidence[0]) for e in (a, b)])])
        incidents.append(dict(id=inc.id, country=inc.country, date_start=inc.date_start, date_end=inc.date_end,
                              event_type=inc.event_type, historical=False, grade=inc.grade, data=inc.model_dump(mode="json")))
        members += [dict(event_id=e.id, incident_id=inc.id, document_id=e.document_id) for e in (a, b)]
    with Session(store.engine) as session, session.begin():
        for table, rows in ((ReportRow, reports), (EventRow, events), (IncidentRow, incidents),
                            (IncidentMemberRow, members)):
            for k in range(0, len(rows), 5000):
                session.execute(insert(table), rows[k:k + 5000])
    store.engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def requests_mix(rng: random.Random, n_events: int) -> tuple[str, str]:
    """(kind, path) of one request of the mix."""
    country = COUNTRIES[rng.randrange(len(COUNTRIES))][0].replace(" ", "+")
    roll = rng.random()
    if roll < 0.5:
        return "incidents?country&limit=50", f"/incidents?country={country}&limit=50"
    if roll < 0.6:
        month = START + dt.timedelta(days=30 * rng.randrange(36))
        return "incidents?country&since&until", (f"/incidents?country={country}&since={month}"
                                                 f"&until={month + dt.timedelta(days=30)}&limit=50")
    if roll < 0.75:
        return "events?country&limit=50", f"/events?country={country}&limit=50"
    if roll < 0.85:
        k = 2 * rng.randrange(n_events // 2)
        return "incidents/{id}", f"/incidents/inc-{k:016x}"
    if roll < 0.95:
        return "reports/{id}", f"/reports/bench-{rng.randrange(n_events):07d}"
    week = START + dt.timedelta(days=7 * rng.randrange(150))
    return "totals?country&week", f"/totals?country={country}&since={week}&until={week + dt.timedelta(days=6)}"


def load(base: str, rate: float, duration: float, n_events: int, seed: int = 1, threads: int = 24) -> dict:
    """Open loop: request i is due at start + i/rate; ``threads`` clients (keep-alive connections) share
    the schedule. A request's latency runs from when it was due, so falling behind counts against it."""
    import http.client
    import threading
    from urllib.parse import urlsplit

    host, port = urlsplit(base).hostname, urlsplit(base).port
    rng = random.Random(seed)
    total = int(rate * duration)
    plan = [requests_mix(rng, n_events) for _ in range(total)]
    results: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    timeline: list[tuple[float, float]] = []  # (second due, latency ms)
    lock = threading.Lock()
    start = time.perf_counter() + 0.5

    def worker(k: int) -> None:
        # the standard library's client: the load generator must cost the machine far less than the server
        conn = http.client.HTTPConnection(host, port, timeout=30)
        for i in range(k, total, threads):
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            kind, path = plan[i]
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
                ok = False
            took = (time.perf_counter() - due) * 1000
            with lock:
                results.setdefault(kind, []).append(took)
                timeline.append((due - start, took))
                if not ok:
                    errors[kind] = errors.get(kind, 0) + 1
        conn.close()

    pool = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - start

    def pct(values: list[float], p: int) -> float:
        return round(statistics.quantiles(values, n=100, method="inclusive")[p - 1], 1) if len(values) > 1 else values[0]

    every = [v for vs in results.values() for v in vs]
    return {
        "requests": len(every), "seconds": round(elapsed, 1), "achieved_rate": round(len(every) / elapsed, 1),
        "errors": sum(errors.values()),
        "by_kind": {k: {"count": len(v), "errors": errors.get(k, 0), "p50_ms": pct(v, 50), "p95_ms": pct(v, 95),
                        "p99_ms": pct(v, 99)} for k, v in sorted(results.items())},
        "all": {"p50_ms": pct(every, 50), "p95_ms": pct(every, 95), "p99_ms": pct(every, 99)},
        "p95_ms_per_10s": [pct([ms for t, ms in timeline if w <= t < w + 10], 95) or 0
                           for w in range(0, int(duration), 10) if any(w <= t < w + 10 for t, _ in timeline)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=200, help="requests per second (at most 1000)")
    parser.add_argument("--duration", type=float, default=60, help="seconds (at most 300)")
    parser.add_argument("--workers", type=int, default=2, help="`conflictwatch serve --workers`")
    args = parser.parse_args()
    rate, duration = min(args.rate, 1000), min(args.duration, 300)  # bounded
    out = ROOT / "out" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    db = out / f"serve-{args.events}.sqlite"
    if not db.exists():
        t0 = time.perf_counter()
        build(db.with_suffix(".tmp"), args.events)
        db.with_suffix(".tmp").rename(db)
        print(f"built {db} ({args.events} events) in {time.perf_counter() - t0:.0f} s", flush=True)
    port = free_port()
    env = {**os.environ, "CONFLICTWATCH_HOME": str(out / "home")}
    env.pop("CONFLICTWATCH_TOKEN", None)
    server = subprocess.Popen([sys.executable, "-c", "from conflictwatch.cli import run; run()", "--db", str(db), "serve", "--host", "127.0.0.1",
                               "--port", str(port), "--workers", str(args.workers)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.3)
        httpx.get(f"{base}/incidents?limit=1", timeout=60)  # warm up
        result = load(base, rate, duration, args.events)
    finally:
        server.terminate()
        server.wait(timeout=20)
    result.update(events=args.events, rate=rate, duration=duration, workers=args.workers, cpus=os.cpu_count())
    (out / "serve_load.json").write_text(json.dumps(result, indent=2))
    print(f"{result['requests']} requests in {result['seconds']} s ({result['achieved_rate']}/s), "
          f"{result['errors']} errors; p50 {result['all']['p50_ms']} ms, p95 {result['all']['p95_ms']} ms")
    print(f"{'request':34} {'count':>6} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind, r in result["by_kind"].items():
        print(f"{kind:34} {r['count']:6} {r['errors']:6} {r['p50_ms']:8} {r['p95_ms']:8} {r['p99_ms']:8}")
    target = result["by_kind"].get("incidents?country&limit=50", {})
    ok = result["errors"] == 0 and target.get("p95_ms", 1e9) < 50
    print("target (0 errors, p95 < 50 ms for /incidents?country=...&limit=50):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
