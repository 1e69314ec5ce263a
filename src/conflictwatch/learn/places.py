"""Places from the coded record: every location ACLED has coded, with its admin areas, coordinates,
precision and how often it is coded.

Saved as ``places.csv.gz`` (one row per location) in the component folder. The geocoder loads it into
the gazetteer as the source ``acled`` (see :func:`conflictwatch.geo.record.load_record`), once per
model: a place the record codes often is a strong prior, and its first-level and second-level areas
(their centroids computed from the coded points) constrain and place what the notes name.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar

from conflictwatch.geo.builtin import row_iso2
from conflictwatch.learn.acled import AcledRow, ModelError

FILE = "places.csv.gz"
COLUMNS = ("iso2", "location", "admin1", "admin2", "admin3", "latitude", "longitude", "geo_precision", "count")


@dataclass(frozen=True, slots=True)
class CodedPlace:
    """One location of the record."""

    iso2: str
    location: str
    admin1: str
    admin2: str
    admin3: str
    lat: float
    lon: float
    geo_precision: int
    count: int


def _point(row: AcledRow) -> tuple[float, float] | None:
    try:
        lat, lon = float(row.get("latitude", "")), float(row.get("longitude", ""))
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None
    return round(lat, 4), round(lon, 4)


class PlaceModel:
    """The locations the record codes (see the module's doc)."""

    name: ClassVar[str] = "places"

    def __init__(self) -> None:
        self.places: list[CodedPlace] = []
        self.digest = ""

    def fit(self, rows: Sequence[AcledRow]) -> dict[str, Any]:
        iso_cache: dict[tuple[str, str], str] = {}
        groups: dict[tuple[str, str, str, str, str], list[tuple[tuple[float, float], int]]] = defaultdict(list)
        skipped = 0
        for r in rows:
            loc, pt = r.get("location", ""), _point(r)
            ckey = (r.get("iso3", ""), r.get("country", ""))
            iso = iso_cache.get(ckey)
            if iso is None:
                iso = iso_cache[ckey] = row_iso2(r) or ""
            if not loc or pt is None or not iso:
                skipped += 1
                continue
            prec = r.get("geo_precision", "")
            groups[(iso, loc, r.get("admin1", ""), r.get("admin2", ""), r.get("admin3", ""))].append(
                (pt, int(prec) if prec.isdigit() else 3))
        places = []
        for (iso, loc, a1, a2, a3), coded in groups.items():
            best = min(p for _, p in coded)
            (lat, lon), _ = Counter(pt for pt, p in coded if p == best).most_common(1)[0]
            places.append(CodedPlace(iso, loc, a1, a2, a3, lat, lon, best, len(coded)))
        places.sort(key=lambda p: (p.iso2, p.location, p.admin1, p.admin2, p.admin3))
        self.places = places
        self.digest = hashlib.sha256(self._csv_bytes()).hexdigest()[:16]
        # held-out figure: the share of the last tenth of the rows whose location the first nine tenths code
        cut = len(rows) - len(rows) // 10
        seen = {(r.get("country", ""), r.get("location", "")) for r in rows[:cut]}
        tail = [(r.get("country", ""), r.get("location", "")) for r in rows[cut:] if r.get("location")]
        known = sum(k in seen for k in tail) / len(tail) if tail else 0.0
        return {"locations": len(places), "countries": len({p.iso2 for p in places}),
                "rows_without_place": skipped, "held_out_location_known": round(known, 4)}

    @cached_property
    def names(self) -> frozenset[str]:
        """The record's place names (locations and admin areas), in lower case."""
        return frozenset(n.lower() for p in self.places for n in (p.location, p.admin1, p.admin2, p.admin3) if n)

    def _csv_bytes(self) -> bytes:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(COLUMNS)
        for p in self.places:
            w.writerow((p.iso2, p.location, p.admin1, p.admin2, p.admin3, p.lat, p.lon, p.geo_precision, p.count))
        return buf.getvalue().encode("utf-8")

    def to_disk(self, path: Path) -> None:
        (Path(path) / FILE).write_bytes(gzip.compress(self._csv_bytes(), compresslevel=9, mtime=0))

    @classmethod
    def from_disk(cls, path: Path) -> "PlaceModel":
        file = Path(path) / FILE
        model = cls()
        try:
            raw = gzip.decompress(file.read_bytes())
            reader = csv.reader(io.StringIO(raw.decode("utf-8")))
            head = next(reader, None)
            if head is None or tuple(head) != COLUMNS:
                raise ModelError(f"{file}: not a places table (header {head})")
            model.places = [CodedPlace(r[0], r[1], r[2], r[3], r[4], float(r[5]), float(r[6]), int(r[7]), int(r[8]))
                            for r in reader]
        except FileNotFoundError:
            raise ModelError(f"{file}: missing") from None
        except (OSError, EOFError, UnicodeDecodeError, ValueError, IndexError, csv.Error) as exc:
            if isinstance(exc, ModelError):
                raise
            raise ModelError(f"{file}: unreadable places table ({exc.__class__.__name__}: {exc})") from None
        model.digest = hashlib.sha256(raw).hexdigest()[:16]
        return model
