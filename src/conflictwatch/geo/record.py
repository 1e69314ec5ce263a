"""The coded record as a gazetteer source: the locations of a trained PlaceModel
(:mod:`conflictwatch.learn.places`) and their first- and second-level areas, loaded under the source
name ``acled`` once per model (the model's digest is kept as the source's path)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .gazetteer import Gazetteer, _Place, normalize, rules

if TYPE_CHECKING:
    from conflictwatch.learn.places import PlaceModel

SOURCE = "acled"


def _code(name: str) -> str:
    return f"r:{normalize(name)}" if name else ""


def record_places(model: "PlaceModel") -> Iterator[_Place]:
    """One feature per coded location, plus one per admin1 and admin2 area at the median of its points."""
    fcodes = rules()["record"]["feature_code_by_precision"]
    areas1: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    areas2: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for p in model.places:
        fcode = fcodes.get(p.geo_precision, "PPL")
        yield _Place(geonameid=None, name=p.location, lat=p.lat, lon=p.lon, fclass="P" if fcode.startswith("PPL") else "A",
                     fcode=fcode, country=p.iso2, admin1_code=_code(p.admin1), admin2_code=_code(p.admin2),
                     population=0, names=[p.location], admin1=p.admin1 or None, admin2=p.admin2 or None,
                     coded=p.count)
        if p.geo_precision == 1:
            for _ in range(min(p.count, 20)):  # weight the centroid by use, capped
                if p.admin1:
                    areas1[(p.iso2, p.admin1)].append((p.lat, p.lon))
                if p.admin1 and p.admin2:
                    areas2[(p.iso2, p.admin1, p.admin2)].append((p.lat, p.lon))
    for (iso, a1), pts in areas1.items():
        lat, lon = statistics.median(x for x, _ in pts), statistics.median(y for _, y in pts)
        yield _Place(geonameid=None, name=a1, lat=lat, lon=lon, fclass="A", fcode="ADM1", country=iso,
                     admin1_code=_code(a1), admin2_code="", population=0, names=[a1], admin1=a1, coded=len(pts))
    for (iso, a1, a2), pts in areas2.items():
        lat, lon = statistics.median(x for x, _ in pts), statistics.median(y for _, y in pts)
        yield _Place(geonameid=None, name=a2, lat=lat, lon=lon, fclass="A", fcode="ADM2", country=iso,
                     admin1_code=_code(a1), admin2_code=_code(a2), population=0, names=[a2], admin1=a1,
                     admin2=a2, coded=len(pts))


def load_record(gaz: Gazetteer, model: "PlaceModel") -> dict | None:
    """Load the model's places as the source 'acled' unless this very model is loaded already (None then)."""
    label = f"model:{model.digest}"
    if gaz.source_path(SOURCE) == label:
        return None
    return gaz.load_places(SOURCE, "acled", label, record_places(model))
