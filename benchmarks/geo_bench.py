"""Gazetteer/geocoder benchmark on the West African GeoNames dumps.

    .venv/bin/python benchmarks/geo_bench.py [--dumps ../shared/data/geonames] [--sample 500] [--seed 7]

Prints: time to build the built-in gazetteer and to load the dumps; lookup latency (exact and fuzzy,
uncached, median/p95 µs; cached); accuracy on a toponym set built from GeoNames itself: a sample of
populated places queried by one of their alternate names and by synthetic misspellings (vowel
dropped or doubled, ou<->u, accents dropped, final e added), with the country named in the context;
share resolved within 1 km / 25 km of the true point.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from conflictwatch.geo import GeoContext, Geocoder, PlaceMention
from conflictwatch.geo.builtin import countries
from conflictwatch.geo.gazetteer import haversine_km, normalize, parse_geonames_line

VOWELS = "aeiou"


def sample_places(dumps: list[Path], n: int, rng: random.Random) -> list[list[str]]:
    rows = []
    for f in dumps:
        with f.open("rb") as fh:
            for i, raw in enumerate(fh, 1):
                p = parse_geonames_line(raw, f"{f.name} line {i}")
                if p[6] == "P" and len(p[1]) >= 4:
                    rows.append(p)
    return rng.sample(rows, min(n, len(rows)))


def misspellings(name: str, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, variant) pairs; each differs from the name."""
    plain = normalize(name)
    out = []
    idx = [i for i, ch in enumerate(name) if ch.lower() in VOWELS and 0 < i < len(name) - 1]
    if idx:
        i = rng.choice(idx)
        out.append(("drop a vowel", name[:i] + name[i + 1:]))
        out.append(("double a vowel", name[:i] + name[i] + name[i:]))
    if "ou" in name:
        out.append(("ou->u", name.replace("ou", "u", 1)))
    elif "u" in name:
        out.append(("u->ou", name.replace("u", "ou", 1)))
    if plain != name.lower() and " " not in name:
        out.append(("accents dropped", plain.capitalize()))
    if not name.endswith("e"):
        out.append(("final e", name + "e"))
    return [(k, v) for k, v in out if v != name]


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def timed(fn, *args, **kw) -> float:
    t = time.perf_counter()
    fn(*args, **kw)
    return (time.perf_counter() - t) * 1e6


def uncached(geo: Geocoder, name: str, ctx: GeoContext) -> float:
    geo._cache.clear()
    geo._rows.clear()
    return timed(geo.resolve, name, ctx)


def report_latency(label: str, us: list[float]) -> None:
    print(f"  {label:<28} median {statistics.median(us):8.0f} µs   p95 {pct(us, 0.95):8.0f} µs   (n={len(us)})")


def accuracy(geo: Geocoder, queries: list[tuple[str, str, float, float, str]]) -> dict[str, list[float]]:
    dist: dict[str, list[float]] = {}
    for kind, q, lat, lon, cc in queries:
        ctx = GeoContext(mentions=[PlaceMention(text=countries()[cc].name, kind="country")])
        p = geo.resolve(q, ctx)
        d = haversine_km(p.latitude, p.longitude, lat, lon) if p.latitude is not None else float("inf")
        dist.setdefault(kind, []).append(d)
    return dist


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dumps", type=Path, default=Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "geonames")
    ap.add_argument("--sample", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    dumps = sorted(a.dumps.resolve().glob("*.txt"))
    if not dumps:
        raise SystemExit(f"no GeoNames dumps in {a.dumps}")
    rng = random.Random(a.seed)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        geo = Geocoder(Path(tmp) / "bench.sqlite")
        print(f"built-in gazetteer (first open): {time.perf_counter() - t:.2f} s")
        t = time.perf_counter()
        for f in dumps:
            geo.load_geonames(f)
        mb = sum(f.stat().st_size for f in dumps) / 1e6
        print(f"load {len(dumps)} dumps ({mb:.1f} MB): {time.perf_counter() - t:.2f} s")
        st = geo.status()
        print(f"gazetteer: {st['places']} places, {st['names']} names")

        sample = sample_places(dumps, a.sample, rng)
        ctx_of = {cc: GeoContext(mentions=[PlaceMention(text=countries()[cc].name, kind="country")])
                  for cc in {p[8] for p in sample}}
        print("latency (resolve with a country in the context):")
        exact = [uncached(geo, p[1], ctx_of[p[8]]) for p in sample]
        report_latency("exact, uncached", exact)
        fuzzy_q = [(v, p[8]) for p in sample for _, v in misspellings(p[1], rng)[:1]]
        report_latency("misspelt, uncached", [uncached(geo, v, ctx_of[cc]) for v, cc in fuzzy_q])
        for p in sample:
            geo.resolve(p[1], ctx_of[p[8]])
        report_latency("exact, cached", [timed(geo.resolve, p[1], ctx_of[p[8]]) for p in sample])

        queries = []
        for p in sample:
            lat, lon = float(p[4]), float(p[5])
            queries.append(("exact name (ceiling)", p[1], lat, lon, p[8]))
            alts = [x for x in p[3].split(",") if x and normalize(x) != normalize(p[1]) and x.isascii()]
            if alts:
                queries.append(("alternate name", rng.choice(alts), lat, lon, p[8]))
            queries += [(k, v, lat, lon, p[8]) for k, v in misspellings(p[1], rng)]
        print(f"accuracy on {len(sample)} sampled populated places (seed {a.seed}):")
        total = []
        for kind, ds in sorted(accuracy(geo, queries).items()):
            total += ds if not kind.startswith("exact") else []
            print(f"  {kind:<22} n={len(ds):4d}  within 1 km {sum(d <= 1 for d in ds) / len(ds):6.1%}"
                  f"   within 25 km {sum(d <= 25 for d in ds) / len(ds):6.1%}")
        print(f"  {'all variants':<22} n={len(total):4d}  within 1 km {sum(d <= 1 for d in total) / len(total):6.1%}"
              f"   within 25 km {sum(d <= 25 for d in total) / len(total):6.1%}")
        geo.close()


if __name__ == "__main__":
    main()
