"""Speed of cross-report fusion (conflictwatch.fuse.fuse) on synthetic events.

    .venv/bin/python benchmarks/fusion_speed.py [--events 100000] [--seed 7]

The generator makes incidents in ~40 countries over 3 years, their places clustered around a few
hot spots per country, each incident told by 1 to 5 reports (one event per report, its date off by
up to a day and its point by a few km; one report in eight knows only the region; one report in
ten tells two incidents). It times ``fuse`` alone (not the generation) and prints events, incidents,
seconds and events per second, then checks how many incidents were recovered exactly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import time

from conflictwatch.fuse import FusionConfig, ReportInfo, fuse
from conflictwatch.models import Event, VictimCount

TYPES = [("Violence against civilians", "Attack"), ("Battles", "Armed clash"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
         ("Riots", "Mob violence"), ("Protests", "Peaceful protest")]
OUTLETS = ["Reuters", "AFP", "Local Radio", "Daily Monitor", "WBNG (AP)", "Wilton Bulletin (AP)", "Sahel Watch",
           "Ministry of Defence", "Human Rights Group", "Community Network"]


def _jitter(lat: float, lon: float, km: float, rng: random.Random) -> tuple[float, float]:
    d = rng.uniform(0, km) / 111.0
    a = rng.uniform(0, 2 * math.pi)
    return lat + d * math.sin(a), lon + d * math.cos(a) / max(0.2, math.cos(math.radians(lat)))


def generate(n_events: int, seed: int = 7) -> tuple[list[Event], dict[str, ReportInfo], list[set[str]]]:
    """``n_events`` events, their reports, and the true incidents (sets of event ids)."""
    rng = random.Random(seed)
    countries = []
    for c in range(40):
        iso = f"{chr(65 + c // 26)}{chr(65 + c % 26)}"
        lat0, lon0 = rng.uniform(-30, 45), rng.uniform(-20, 100)
        admins = [(f"Region {iso}-{k}", *_jitter(lat0, lon0, 400, rng)) for k in range(8)]
        spots = [(a, *_jitter(alat, alon, 80, rng)) for a, alat, alon in admins for _ in range(6)]
        actors = [f"Armed Group {iso}-{k}" for k in range(5)] + [f"Military Forces of {iso} (2019-)"]
        countries.append((iso, admins, spots, actors))
    day0 = dt.date(2021, 1, 1).toordinal()
    events: list[Event] = []
    reports: dict[str, ReportInfo] = {}
    truth: list[set[str]] = []
    doc_n = 0
    pending_second: list[tuple] = []  # a report that will tell a second incident
    while len(events) < n_events:
        iso, admins, spots, actors = rng.choice(countries)
        admin, slat, slon = rng.choice(spots)
        admin_lat, admin_lon = next((a[1], a[2]) for a in admins if a[0] == admin)
        lat, lon = _jitter(slat, slon, 15, rng)
        day = day0 + rng.randrange(3 * 365)
        etype, sub = rng.choice(TYPES)
        actor1 = rng.choice(actors)
        actor2 = f"Civilians ({iso})" if etype == "Violence against civilians" else rng.choice(actors)
        killed = rng.randint(1, 60)
        members: set[str] = set()
        used: set[str] = set()  # a report tells an incident once
        for _ in range(rng.randint(1, 5)):
            if len(events) >= n_events:
                break
            if pending_second and pending_second[-1] not in used and rng.random() < 0.5:
                doc = pending_second.pop()
            else:
                doc_n += 1
                doc = f"doc{doc_n:07d}"
                outlet = rng.choice(OUTLETS)
                reports[doc] = ReportInfo(id=doc, source=outlet,
                                          published=dt.date.fromordinal(day + rng.randint(0, 3)).isoformat())
                if rng.random() < 0.1:
                    pending_second.append(doc)
            used.add(doc)
            eid = f"ev{len(events):07d}"
            region_only = rng.random() < 0.125
            elat, elon = (admin_lat, admin_lon) if region_only else _jitter(lat, lon, 3, rng)
            d = dt.date.fromordinal(day + rng.choice((0, 0, 0, 1, -1)))
            figure = VictimCount(group="civilians" if etype == "Violence against civilians" else actor2,
                                 killed_low=max(0, killed + rng.randint(-3, 3)), qualifier="exact",
                                 source=rng.choice(["local officials", "the army", "residents", None]))
            events.append(Event(
                id=eid, document_id=doc, date_start=d, date_end=d, date_precision="day",
                event_type=etype, sub_event_type=sub,
                actor1=actor1 if rng.random() > 0.2 else f"Unidentified Armed Group ({iso})", actor2=actor2,
                location=admin if region_only else f"Place {eid}", latitude=elat, longitude=elon,
                admin1=admin, country=f"Country {iso}", iso=iso, geo_precision=3 if region_only else 1,
                figures=[figure], victims=[figure]))
            members.add(eid)
        if members:
            truth.append(members)
    return events, reports, truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    t0 = time.perf_counter()
    events, reports, truth = generate(args.events, args.seed)
    gen = time.perf_counter() - t0
    config = FusionConfig.load()
    t0 = time.perf_counter()
    incidents = fuse(events, reports, config)
    took = time.perf_counter() - t0
    found = {frozenset(i.events) for i in incidents}
    exact = sum(1 for t in truth if frozenset(t) in found)
    print(f"events={len(events)} reports={len(reports)} true_incidents={len(truth)} generated_in={gen:.1f}s")
    print(f"incidents={len(incidents)} fuse_seconds={took:.1f} events_per_second={len(events) / took:,.0f}")
    print(f"true incidents recovered exactly: {exact}/{len(truth)} ({exact / len(truth):.1%})")


if __name__ == "__main__":
    main()
